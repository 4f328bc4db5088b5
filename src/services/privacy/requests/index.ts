import type { Policy } from '../../../config';
import type { Logger } from '../../../logging';
import { CaseStore } from '../../cases/case-store';
import { HandoffAuditLog } from '../../handoff/audit-log';
import { HandoffRepository } from '../../handoff/handoff-repository';
import type { Mailer } from '../../mail/mailer';
import type { Store } from '../../storage/store';
import { ConsentLedger } from '../consent-ledger';
import { ProfileService } from '../profile';
import { TranscriptStore } from '../transcripts';
import { CorrectionService } from './correction';
import { DataExporter } from './data-export';
import { EmailIndex } from './email-index';
import { ErasureService } from './erasure';
import { attachEmailIndex, emailIndexOf } from './indexed-profile';
import { OptInService } from './opt-in';
import { OptOutService } from './opt-out';
import { RequestLedger } from './request-ledger';
import { SuppressionList } from './suppression-list';
import { attachSuppression } from './suppressing-profile';
import { UserData } from './user-data';
import { VerificationService } from './verification';

export interface RightsServicesDeps {
  store: Store;
  policy: Policy;
  mailer: Mailer;
  now?: () => number;
  logger?: Logger;
  /** Shared instances when the app already has them; otherwise built here over the same store. The email index is attached to `profiles`. */
  profiles?: ProfileService;
  consents?: ConsentLedger;
  transcripts?: TranscriptStore;
  cases?: CaseStore;
  /** The recording notice's current version, for the consent records of opt-ins to recording. */
  recordingNoticeVersion?: string;
}

export interface RightsServices {
  profiles: ProfileService;
  consents: ConsentLedger;
  transcripts: TranscriptStore;
  cases: CaseStore;
  emails: EmailIndex;
  requests: RequestLedger;
  verification: VerificationService;
  suppression: SuppressionList;
  optOuts: OptOutService;
  optIns: OptInService;
  exporter: DataExporter;
  erasure: ErasureService;
  corrections: CorrectionService;
  data: UserData;
}

/** Everything the data-rights features need, built once for the server and the CLI alike. */
export function createRightsServices(deps: RightsServicesDeps): RightsServices {
  const { store, policy } = deps;
  const now = deps.now ?? Date.now;
  const days = policy.retentionDays;
  const emails = (deps.profiles && emailIndexOf(deps.profiles)) ?? new EmailIndex(store, now);
  const profiles = attachEmailIndex(deps.profiles ?? new ProfileService(store, { now, contactRetentionDays: days.contact, deviceRetentionDays: days.device }), emails);
  const consents = deps.consents ?? new ConsentLedger(store, { now, retentionDays: days.audit });
  const transcripts = deps.transcripts ?? new TranscriptStore(store, { now, retentionDays: days.transcripts, defaultRegion: policy.defaultRegion });
  const cases = deps.cases ?? new CaseStore(store, now, days.cases);
  const requests = new RequestLedger(store, { now, dueDays: policy.privacyRequests.dueDays, retentionDays: days.audit });
  const suppression = new SuppressionList(store, now);
  const handoffs = new HandoffRepository(store, days.handoffs * 86400);
  const audit = new HandoffAuditLog(store, now, days.audit);
  const data = new UserData({ store, profiles, consents, cases, requests, handoffs, transcripts, audit });
  const optOuts = new OptOutService({ consents, requests, suppression, transcripts, profiles });
  attachSuppression(profiles, optOuts);
  return {
    profiles,
    consents,
    transcripts,
    cases,
    emails,
    requests,
    suppression,
    data,
    verification: new VerificationService({ store, mailer: deps.mailer, profiles, emails, settings: policy.verification, company: policy.company.name, now, logger: deps.logger }),
    optOuts,
    optIns: new OptInService({ consents, requests, suppression, transcripts, profiles, recordingNoticeVersion: deps.recordingNoticeVersion }),
    exporter: new DataExporter({ data, suppression, company: policy.company.name, now }),
    erasure: new ErasureService({ data, emails, suppression, retentionDays: { audit: days.audit, billing: days.billing }, now }),
    corrections: new CorrectionService(profiles),
  };
}

export * from './request-record';
export { RequestLedger, type RequestIndexEntry } from './request-ledger';
export { addressHash, EmailIndex } from './email-index';
export { attachEmailIndex } from './indexed-profile';
export { formatSuppression, SuppressionList, type SuppressionRow } from './suppression-list';
export { EXPORT_FILE_NAME, withRequestAsItStands, type DataExport } from './data-export';
export type { ErasureReport, KeptItem } from './erasure';
