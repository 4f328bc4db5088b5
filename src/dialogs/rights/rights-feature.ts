import type { ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import type { AppConfig } from '../../config';
import type { Logger } from '../../logging';
import type { CaseStore } from '../../services/cases/case-store';
import { createMailer, type Mailer } from '../../services/mail/mailer';
import type { ConsentLedger } from '../../services/privacy/consent-ledger';
import type { ProfileService } from '../../services/privacy/profile';
import { createRightsServices } from '../../services/privacy/requests';
import { schedule } from '../../services/schedule';
import type { TranscriptStore } from '../../services/privacy/transcripts';
import type { Store } from '../../services/storage/store';
import type { ConversationData } from '../conversation-data';
import type { NoticeGate } from '../privacy/notice-gate';
import { ClientAddresses } from './client-address';
import { createGpcHandler, GPC_EVENT } from './gpc-event';
import { createLiveOptOutGuard } from './live-opt-out';
import { lockedOutGuard } from './locked-out-guard';
import { objectionGuard } from './objection-guard';
import { changeOfMindGuard } from './change-of-mind';
import { openRequestsGuard } from './open-requests-guard';
import { OptOutDialog } from './opt-out-dialog';
import { PrivacyInfoDialog } from './privacy-info-dialog';
import { PrivacyRequestDialog } from './privacy-request-dialog';
import { RecordingPreferenceMiddleware } from './recording-preference';
import type { RecordingConsent } from '../privacy/recording-consent';
import type { NoticeService } from '../../services/privacy/notices';
import type { RightsDialogDeps } from './rights-deps';

export interface RightsFeatureDeps {
  config: AppConfig;
  store: Store;
  now: () => number;
  logger: Logger;
  conversationState: ConversationState;
  conversationData: StatePropertyAccessor<ConversationData>;
  /** From the privacy feature, so both write through the same instances. */
  privacy: {
    gate: NoticeGate;
    recordingConsent: Pick<RecordingConsent, 'awaitsAnswer'>;
    notices: Pick<NoticeService, 'noticeFor'>;
    profiles: ProfileService;
    consents: ConsentLedger;
    transcripts: TranscriptStore;
    dialogs: { contactInfo: Dialog };
    eraseConversation: RightsDialogDeps['eraseConversation'];
  };
  cases?: CaseStore;
  /** Tests pass a mailer pointed at their own SMTP server; otherwise built from SMTP_URL. */
  mailer?: Mailer;
  technicianOwns?: (context: TurnContext) => Promise<boolean>;
  onRecordingOn?: RightsDialogDeps['onRecordingOn'];
  openFollowUp?: RightsDialogDeps['openFollowUp'];
}

/**
 * Data rights in the conversation, assembled: the request ledger, verification, export, erasure,
 * opt-outs and corrections (services), their dialogs, the GPC event, the objection guard and the
 * route that tells verification the client's address.
 */
export function createRightsFeature(deps: RightsFeatureDeps) {
  const { config, store, now, logger, privacy } = deps;
  const mailer = deps.mailer ?? createMailer(config.env, config.mailFrom, logger);
  const services = createRightsServices({
    store,
    policy: config.policy,
    mailer,
    now,
    logger,
    profiles: privacy.profiles,
    consents: privacy.consents,
    transcripts: privacy.transcripts,
    cases: deps.cases,
    recordingNoticeVersion: privacy.notices.noticeFor('recording').version,
  });
  const clientAddresses = new ClientAddresses();
  const dialogDeps: RightsDialogDeps = {
    services,
    conversationState: deps.conversationState,
    conversationData: deps.conversationData,
    gate: privacy.gate,
    defaultRegion: config.policy.defaultRegion,
    codeTtlMinutes: config.policy.verification.codeTtlMinutes,
    privacyContact: config.policy.company.contactEmail,
    now,
    clientAddresses,
    eraseConversation: privacy.eraseConversation,
    onRecordingOn: deps.onRecordingOn,
    openFollowUp: deps.openFollowUp,
  };
  const privacyRequest = new PrivacyRequestDialog(dialogDeps);
  // During a live handoff no dialog hears the user: opt-outs are applied before the relay.
  const live = deps.technicianOwns ? { optOuts: services.optOuts, technicianOwns: deps.technicianOwns, company: config.policy.company.name } : undefined;
  return {
    services,
    mailer,
    dialogs: {
      optOut: new OptOutDialog({ ...dialogDeps, contactInfo: privacy.dialogs.contactInfo }),
      privacyRequest,
      privacyInfo: new PrivacyInfoDialog({ policy: config.policy, requests: services.requests, consents: privacy.consents, transcripts: privacy.transcripts, gate: privacy.gate, recordingConsent: privacy.recordingConsent, now }),
    },
    events: { [GPC_EVENT]: createGpcHandler({ services, conversationData: deps.conversationData, technicianOwns: deps.technicianOwns }) },
    guards: {
      objection: objectionGuard(config.policy.company.name),
      /** After the objection guard: a take-back right after an opt-out settles the turn whatever else it reads like. */
      changeOfMind: changeOfMindGuard(services.requests, now),
      lockedOut: lockedOutGuard(dialogDeps),
      openRequests: openRequestsGuard(dialogDeps),
      /** Goes before the handoff guard, which relays the message and confirms what this applied. */
      liveOptOut: live && createLiveOptOutGuard(live),
    },
    /** Goes right before the transcript middleware (after redaction). */
    middleware: { recordingPreference: new RecordingPreferenceMiddleware(services.consents, deps.conversationData, live) },
    routes: { clientAddress: clientAddresses.route },
    /**
     * Requests still waiting for the user's code after their due date expire (P11), hourly: a user
     * who left mid-verification finds the request closed in their export, not open for ever.
     */
    startExpiry: (everyMs?: number) =>
      schedule(() => services.requests.expireOverdue(), {
        everyMs,
        onResult: (expired) => expired.length > 0 && logger.info({ expired: expired.length }, 'overdue privacy requests expired'),
        onError: (error) => logger.error({ err: error instanceof Error ? { name: error.name, message: error.message } : String(error) }, 'privacy request expiry failed'),
      }),
    /** Waits for mails in flight, then closes the SMTP connection. */
    close: async () => {
      await services.verification.whenDelivered();
      mailer.close();
    },
  };
}

export type RightsFeature = ReturnType<typeof createRightsFeature>;
