import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { HelplineConversationState } from '../../bots/conversation-state';
import type { AppConfig } from '../../config';
import type { Logger } from '../../logging';
import { RedactionMiddleware } from '../../bots/middleware/redaction';
import { createRevocationConfirmGuard, RemoteAccessRevocationMiddleware } from '../../bots/middleware/remote-access-revocation';
import { TranscriptMiddleware } from '../../bots/middleware/transcript';
import { ConsentLedger } from '../../services/privacy/consent-ledger';
import { eraseConversationData, type ConversationErasureInput } from '../../services/privacy/conversation-erasure';
import { HandoffRepository } from '../../services/handoff/handoff-repository';
import { loadNoticeCatalogue, NoticeService } from '../../services/privacy/notices';
import { ProfileService } from '../../services/privacy/profile';
import { RemoteAccessConsent } from '../../services/privacy/remote-access';
import { schedulePurge } from '../../services/privacy/retention';
import { TranscriptStore } from '../../services/privacy/transcripts';
import type { Store } from '../../services/storage/store';
import { RequestLedger } from '../../services/privacy/requests/request-ledger';
import { isOpen } from '../../services/privacy/requests/request-record';
import type { ConversationData } from '../conversation-data';
import { userIdOf } from '../identity';
import { ContactInfoDialog } from './contact-info-dialog';
import { DeviceInfoDialog } from './device-info-dialog';
import { NoticeGate } from './notice-gate';
import { RecordingConsent } from './recording-consent';
import { RemoteAccessDialog } from './remote-access-dialog';
import { createUnder13Guard } from './under13-guard';

export interface PrivacyFeatureDeps {
  config: AppConfig;
  store: Store;
  now: () => number;
  logger: Logger;
  conversationState: HelplineConversationState;
  conversationData: StatePropertyAccessor<ConversationData>;
  /** Folder of the notice files (default content/notices). */
  noticesDir?: string;
  /** Set by the handoff feature: while a technician owns the conversation the bot stays silent. */
  technicianOwns?: (context: TurnContext) => Promise<boolean>;
  /** Set by the handoff feature: end a live remote session when the user withdraws consent. */
  onRemoteAccessRevoked?: (revocation: { userId: string; conversationId: string }) => Promise<void>;
  /** A dialog to continue with after the user agreed to remote access (e.g. the handoff dialog id). */
  remoteAccessContinueWith?: string;
  /** The bot's own URLs and email addresses (ownLiterals), which its lines keep in the transcript. */
  ownLiterals?: ReadonlySet<string>;
}

/**
 * Privacy at the point of collection, assembled: notices, consent ledger, profile, transcripts,
 * the middleware (redaction first, then transcript), the collection dialogs, the under-13 and
 * revocation guards, and the hourly retention purge.
 */
export function createPrivacyFeature(deps: PrivacyFeatureDeps) {
  const { config, store, now, logger, conversationState, conversationData } = deps;
  const days = config.policy.retentionDays;

  const notices = new NoticeService(loadNoticeCatalogue(deps.noticesDir), {
    store,
    retentionDays: days,
    privacyPolicyUrl: config.policy.privacyPolicyUrl,
    now,
  });
  const consents = new ConsentLedger(store, { retentionDays: days.audit, now });
  const profiles = new ProfileService(store, { contactRetentionDays: days.contact, deviceRetentionDays: days.device, now });
  const transcripts = new TranscriptStore(store, { retentionDays: days.transcripts, defaultRegion: config.policy.defaultRegion, ownLiterals: deps.ownLiterals, now });
  const remoteAccess = new RemoteAccessConsent(consents, { noticeVersion: notices.noticeFor('remote_access').version, now });
  const gate = new NoticeGate({ notices, consents, conversationData });
  const recordingConsent = new RecordingConsent({ consents, notices, transcripts, conversationData, onRecordingOn: async (id) => hooks.onRecordingOn?.(id) });
  // The handoff tickets a child's conversation opened are erased with it (P13).
  const handoffs = new HandoffRepository(store, days.handoffs * 86400);
  // Read only here (the rights feature writes them): contact details the user asked to delete are not offered back.
  const requests = new RequestLedger(store, { dueDays: config.policy.privacyRequests.dueDays, retentionDays: days.audit, now });
  // The handoff feature is built after this one (it needs the transcript store and contact dialog),
  // so what it contributes here is connected later through connectHandoff.
  const hooks: Pick<PrivacyFeatureDeps, 'technicianOwns' | 'onRemoteAccessRevoked'> & { onRecordingOn?: (conversationId: string) => Promise<void> } = {
    technicianOwns: deps.technicianOwns,
    onRemoteAccessRevoked: deps.onRemoteAccessRevoked,
  };
  const remoteAccessDialogDeps = { gate, remoteAccess, continueWith: deps.remoteAccessContinueWith };

  const middleware = {
    redaction: new RedactionMiddleware({
      conversationState,
      defaultRegion: config.policy.defaultRegion,
      paymentPageUrl: config.policy.paymentPageUrl,
      technicianOwns: async (context) => (await hooks.technicianOwns?.(context)) === true,
      privacyCodePending: async (context) => (await requests.list(userIdOf(context.activity))).some((r) => r.status === 'identity_pending'),
    }),
    transcript: new TranscriptMiddleware({ transcripts, conversationData, conversationState, logger, now, gate, profiles, recordingConsent }),
    revocation: new RemoteAccessRevocationMiddleware({ remoteAccess, onRevoked: async (r) => hooks.onRemoteAccessRevoked?.(r) }),
  };

  const dialogs = {
    contactInfo: new ContactInfoDialog({ gate, profiles, defaultRegion: config.policy.defaultRegion, deletionPending: async (userId) => (await requests.list(userId)).some((r) => r.type === 'deletion' && isOpen(r.status)) }),
    deviceInfo: new DeviceInfoDialog({ gate, notices, profiles, consents, now }),
    remoteAccess: new RemoteAccessDialog(remoteAccessDialogDeps),
  };

  // Shared by the under-13 guard and "delete just this chat" (rights feature).
  const eraseConversation = (input: ConversationErasureInput) => eraseConversationData({ store, profiles, transcripts, consents, handoffs, now }, input);

  const guards = {
    under13: createUnder13Guard({
      conversationState,
      conversationData,
      erase: eraseConversation,
      company: config.policy.company,
      // Counts only: what was erased is nobody's business, not even the log's.
      onErased: (s) => logger.info({ fields: s.profileFields.length, devices: s.devices, transcriptRecords: s.transcriptRecords, cases: s.cases, consents: s.consents, handoffs: s.handoffs }, 'under-13: conversation data erased'),
    }),
    revocationConfirm: createRevocationConfirmGuard(),
    recordingConsent: recordingConsent.guard,
  };

  const startPurge = () =>
    schedulePurge(store, {
      onResult: (r) => logger.info({ removed: r.removed, ms: r.ms }, 'retention purge'),
      onError: (error) => logger.error({ err: error instanceof Error ? { name: error.name, message: error.message } : String(error) }, 'retention purge failed'),
    });

  /** Connects the handoff feature once it exists: silence while a technician owns, revocation alerts, and the dialog after a remote-access yes. */
  const connectHandoff = (handoff: Pick<PrivacyFeatureDeps, 'technicianOwns' | 'onRemoteAccessRevoked'> & { continueWith?: string; onRecordingOn?: (conversationId: string) => Promise<void> }) => {
    if (handoff.technicianOwns) hooks.technicianOwns = handoff.technicianOwns;
    if (handoff.onRecordingOn) hooks.onRecordingOn = handoff.onRecordingOn;
    if (handoff.onRemoteAccessRevoked) hooks.onRemoteAccessRevoked = handoff.onRemoteAccessRevoked;
    if (handoff.continueWith) remoteAccessDialogDeps.continueWith = handoff.continueWith;
  };

  return { notices, consents, profiles, transcripts, remoteAccess, gate, recordingConsent, middleware, dialogs, guards, eraseConversation, startPurge, connectHandoff };
}

export type PrivacyFeature = ReturnType<typeof createPrivacyFeature>;
