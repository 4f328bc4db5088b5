import type { CloudAdapter, ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import type { AppConfig } from '../../config';
import type { Logger } from '../../logging';
import type { EventHandler, TurnGuard } from '../../bots/helpline-bot';
import type { RouteModule } from '../../server/server';
import { technicianApi } from '../../server/technician/routes';
import { HandoffViews } from '../../server/technician/views';
import { AbandonedHandoffs } from '../../services/handoff/abandoned-handoffs';
import { HandoffAuditLog } from '../../services/handoff/audit-log';
import { checkAvailability } from '../../services/handoff/availability';
import { HandoffDesk } from '../../services/handoff/handoff-desk';
import { HandoffLifecycle } from '../../services/handoff/handoff-lifecycle';
import { HandoffQueue } from '../../services/handoff/handoff-queue';
import type { HandoffRecord } from '../../services/handoff/handoff-record';
import { LoginRateLimiter } from '../../services/handoff/login-rate-limit';
import { HandoffMessageLog } from '../../services/handoff/message-log';
import type { CasePort, ConsentPort, ContactPort, TranscriptPort } from '../../services/handoff/ports';
import { QueueProgressJob } from '../../services/handoff/queue-progress-job';
import { seedDevTechnician } from '../../services/handoff/seed-technician';
import { TechnicianAccounts } from '../../services/handoff/technician-accounts';
import { TechnicianSessions } from '../../services/handoff/technician-sessions';
import { memoizeRedactor } from '../../services/privacy/redaction/memo';
import { redactAll, redactSecrets } from '../../services/privacy/redaction';
import { isOn } from '../../services/privacy/requests/purposes';
import type { Store } from '../../services/storage/store';
import { ConversationOwner } from '../../services/handoff/conversation-owner';
import { userIdOf } from '../identity';
import { conversationData as readConversationData, forNextMessage, justSaid, type ConversationData } from '../conversation-data';
import { DIALOG_STATE_PROPERTY, openQuestion, typingAnAnswer } from '../open-question';
import { BotNotifier } from './bot-notifier';
import { ConversationReferences } from './conversation-references';
import type { NoticeGate } from '../privacy/notice-gate';
import { createHandoffGuard } from './handoff-guard';
import { HandoffDialog, handoffUnderway, switchingFromLive } from './handoff-dialog';
import { earlierTicketFinder } from './earlier-ticket';
import { handoffStatusHandler, sendHandoffInitiation, sendHandoffUpdate, type HubDeps } from './hub-events';
import { TeamsAlert } from './teams-alert';
import type { TicketAddition } from '../../services/handoff/ticket-additions';
import { ownerForTurn } from './turn-owner';

export interface HandoffFeatureDeps {
  config: AppConfig;
  store: Store;
  now: () => number;
  logger: Logger;
  adapter: CloudAdapter;
  conversationState: ConversationState;
  conversationData: StatePropertyAccessor<ConversationData>;
  /** The privacy feature's pieces (TranscriptStore, ConsentLedger, ProfileService, ContactInfoDialog) and the CaseStore. */
  transcripts?: TranscriptPort & { isRecordingOff(target: TurnContext | string): Promise<boolean> };
  consents?: { current(userId: string): Promise<Partial<Record<string, { granted: boolean }>>> };
  profiles?: { get(userId: string): Promise<{ fields: Record<string, { value: unknown } | undefined> } | undefined> };
  cases?: CasePort;
  /** Writes the conversation's troubleshooting progress to its case (TroubleshootDialog.syncCase). */
  syncCase?: (context: TurnContext, caseId: string) => Promise<void>;
  contactInfo?: Dialog;
  /** Whether the conversation keeps the guide's step a live ticket was asked for at (TroubleshootDialog.queuedAtStep). */
  queuedAtStep?: (context: TurnContext, caseId: string) => Promise<boolean>;
  /** Whether the user left a guide unfinished in an earlier chat (TroubleshootDialog.pendingFlow). */
  unfinishedGuide?: (context: TurnContext) => Promise<boolean>;
  /** The privacy feature's notices (NoticeGate), for questions about the contact details at the follow-up offer. */
  notices?: Pick<NoticeGate, 'answer'>;
  /** HELPLINE_DEV_TECHNICIAN_PASSWORD. */
  devTechnicianPassword?: string;
  /** The bot's own URLs and email addresses (ownLiterals): its lines show them to technicians as written. */
  ownLiterals?: ReadonlySet<string>;
  tuning?: { progressIntervalMs?: number; abandonedSweepMs?: number; onlineWithinMinutes?: number; longPollMaxMs?: number; sessionTtlSeconds?: number };
}

/**
 * Human handoff, assembled: the queue, the HandoffDialog ('handoff'), the turn guard, the
 * technician API and console routes, the handoff.status event, the reference hook and the
 * queue-update job. app.ts adds each part to its list.
 */
export async function createHandoffFeature(deps: HandoffFeatureDeps) {
  const { config, store, now, logger, adapter } = deps;
  const days = config.policy.retentionDays;
  const botAppId = config.env.MicrosoftAppId ?? '';
  const consoleUrl = `${config.publicUrl}/console`;
  const redact = (text: string) => redactAll(text, { defaultRegion: config.policy.defaultRegion }).text;
  const tuning = deps.tuning ?? {};

  const queue = new HandoffQueue(store, { now, retentionDays: days.handoffs, ownerTtlSeconds: days.botState * 86400 });
  const lifecycle = new HandoffLifecycle(queue);
  const log = new HandoffMessageLog(store, { now, retentionSeconds: days.transcripts * 86400 });
  const audit = new HandoffAuditLog(store, now, days.audit);
  const accounts = new TechnicianAccounts(store, now);
  const sessions = new TechnicianSessions(store, { now, ttlSeconds: tuning.sessionTtlSeconds ?? 8 * 3600 });
  const limiter = new LoginRateLimiter(store, { now });
  const references = new ConversationReferences(store, days.botState * 86400);
  // Queue updates wait while the user types an answer to the bot (the number for a callback instead).
  const dialogState = deps.conversationState.createProperty(DIALOG_STATE_PROPERTY);
  const notifier = new BotNotifier(adapter, botAppId, references, async (context) => typingAnAnswer(await dialogState.get(context)));

  const contacts: ContactPort | undefined = deps.profiles && {
    get: async (userId) => {
      const fields = (await deps.profiles!.get(userId))?.fields ?? {};
      const text = (f: string) => {
        const v = fields[f]?.value;
        if (typeof v === 'string') return v;
        if (v && typeof v === 'object') return Object.values(v as Record<string, unknown>).filter((p) => typeof p === 'string' && p).join(', ');
        return undefined;
      };
      return { name: text('name'), email: text('email'), phone: text('phone'), address: text('address') };
    },
  };
  // In a user's turn the conversation's data decides, as it does for the transcript itself
  // (TranscriptMiddleware); the stored marker is for readers outside the turn.
  const isRecordingOff = async (context: TurnContext) => (await readConversationData(deps.conversationData, context)).recordingOff === true;
  const consents: ConsentPort | undefined = deps.consents && {
    flags: async (userId, conversationId, recordingOff) => {
      const current = await deps.consents!.current(userId);
      const flags: Record<string, boolean> = {};
      for (const [purpose, record] of Object.entries(current)) if (record) flags[camel(purpose)] = record.granted;
      const off = recordingOff ?? (await deps.transcripts?.isRecordingOff(conversationId)) ?? false;
      return { ...flags, remoteAccess: isOn('remote_access', current.remote_access), recording: isOn('transcript_recording', current.transcript_recording) && !off };
    },
  };

  const hub: HubDeps = { transcript: deps.transcripts, cases: deps.cases, consents, contacts, redact, consoleUrl, logger };
  const { teamsChannelId, teamsServiceUrl } = config.policy.technicianAlerts;
  const teams = teamsChannelId && teamsServiceUrl ? new TeamsAlert({ adapter, botAppId, channelId: teamsChannelId, serviceUrl: teamsServiceUrl, consoleUrl, redact, logger }) : undefined;

  const tellAdded = async (context: TurnContext, ticket: HandoffRecord, addition: TicketAddition) => {
    await sendHandoffUpdate(context, ticket, addition, logger);
    await teams?.postUpdate(ticket, addition);
  };

  const mayHaveOwner = handoffStartedIn(deps.conversationData);
  // The user's open tickets, from any conversation: one read of the queue per turn however many
  // parts of the turn ask ("any update?" looks for a follow-up and for a live ticket).
  const openTickets = (context: TurnContext): Promise<HandoffRecord[]> => {
    let pending = context.turnState.get(OPEN_TICKETS) as Promise<HandoffRecord[]> | undefined;
    if (!pending) {
      const userId = userIdOf(context.activity);
      pending = queue.records.listActive().then((all) => all.filter((h) => h.userId === userId));
      context.turnState.set(OPEN_TICKETS, pending);
    }
    return pending;
  };
  const markStarted = async (context: TurnContext) => {
    (await readConversationData(deps.conversationData, context)).handoffStarted = true;
  };
  // A hub that has not accepted a ticket yet learns the chat it now waits in (one that has keeps it where it is).
  const tellHubMoved = (context: TurnContext, handoff: HandoffRecord) => sendHandoffInitiation(context, handoff, hub);
  const earlierTicket = earlierTicketFinder({
    queue,
    lifecycle,
    log,
    logger,
    openTickets,
    markStarted,
    isRecordingOff,
    onMoved: tellHubMoved,
    toldTechnician: async (context, handoffId) => {
      const data = await readConversationData(deps.conversationData, context);
      if (data.toldTechnicianOf === handoffId) return true;
      data.toldTechnicianOf = handoffId;
      return false;
    },
  });
  // Only a user who was shown the contact notice (before the name and email a live ticket needs)
  // can have one from an earlier chat. What the user had seen is in the conversation's state from
  // its first turn, so most people asking for a technician cost no read of the queue for it.
  const mayHaveEarlierTicket = async (context: TurnContext) => {
    const seen = (await readConversationData(deps.conversationData, context)).seenNotices;
    return seen === undefined || seen.contact !== undefined;
  };
  const openFollowUp = async (context: TurnContext, id?: string): Promise<HandoffRecord | undefined> => {
    const data = await readConversationData(deps.conversationData, context);
    if (id) data.followUpId = id;
    const open = data.followUpId ? (await queue.records.getActive(data.followUpId))?.value : undefined;
    if (open?.status === 'waiting') return open;
    // Taken up by a technician or ended: nothing for the chat to report or cancel any more.
    delete data.followUpId;
    if (id) return undefined;
    // Asked in a later conversation ("any update on my callback?"): the user's newest waiting one.
    const mine = (await openTickets(context)).filter((h) => h.kind !== 'live' && h.status === 'waiting');
    const newest = mine.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (newest) data.followUpId = newest.id;
    return newest;
  };
  const followUpOpenedHere = async (context: TurnContext): Promise<HandoffRecord | undefined> => {
    const { followUpId } = await readConversationData(deps.conversationData, context);
    const open = followUpId ? (await queue.records.getActive(followUpId))?.value : undefined;
    return open?.status === 'waiting' ? open : undefined;
  };
  const availability = () =>
    checkAvailability({ hours: config.policy.businessHours, now, onlineCount: (m) => sessions.onlineCount(m), withinMinutes: tuning.onlineWithinMinutes ?? 10 });
  const dialog = new HandoffDialog({
    queue,
    markStarted,
    mayHaveOwner,
    openFollowUp,
    earlierTicket,
    mayHaveEarlierTicket,
    onMoved: tellHubMoved,
    withdraw: (id) => lifecycle.withdraw(id),
    stopWaiting: async (context) => {
      const result = await lifecycle.cancel(context.activity.conversation.id);
      return result.state === 'cancelled' ? result.handoff : undefined;
    },
    leaveQueue: async (context, followUpId) => {
      if ((await lifecycle.cancel(context.activity.conversation.id)).state !== 'technician') return true;
      await lifecycle.withdraw(followUpId);
      return false;
    },
    contactInfo: deps.contactInfo,
    notices: deps.notices,
    availability,
    caseIdOf: async (context) => {
      const caseId = (await readConversationData(deps.conversationData, context)).caseId;
      // The technician reads the case: bring it up to the steps taken since its last write.
      if (caseId) await deps.syncCase?.(context, caseId);
      return caseId;
    },
    isRecordingOff,
    redact,
    defaultRegion: config.policy.defaultRegion,
    declinedJustBefore: async (context, declined) => {
      if (declined) await forNextMessage(deps.conversationData, context, 'declinedBilling', declined);
      else return justSaid(deps.conversationData, context, 'declinedBilling');
    },
    onStarted: async (context, handoff, caseFacts) => {
      logger.info({ handoffId: handoff.id, kind: handoff.kind, priority: handoff.priority }, 'handoff queued');
      await sendHandoffInitiation(context, handoff, hub, caseFacts);
      const thread = await teams?.post(handoff);
      // Without it, what the user adds later is posted as a thread of its own, away from the alert.
      if (thread) await queue.setTeamsThread(handoff.id, thread).catch((error) => logger.warn({ handoffId: handoff.id, err: String(error) }, 'Teams thread not kept'));
    },
    onAdded: tellAdded,
  });

  const guard: TurnGuard = createHandoffGuard({
    queue,
    lifecycle,
    log,
    redact,
    isRecordingOff,
    logger,
    now,
    mayHaveOwner,
    openFollowUp,
    followUpOpenedHere,
    earlierTicket,
    // Counted by the store, not listed: only a user who was shown the contact notice can have a live ticket at all.
    mayHaveTicketElsewhere: async (context) => (await mayHaveEarlierTicket(context)) && (await queue.records.countActiveOf(userIdOf(context.activity))) > 0,
    switchingFromLive: async (context) => switchingFromLive(await dialogState.get(context)) !== undefined,
    nothingAsked: async (context) => openQuestion(await dialogState.get(context)) === undefined,
    handoffUnderway: async (context) => handoffUnderway(await dialogState.get(context)),
    queuedAtStep: deps.queuedAtStep,
    unfinishedGuide: deps.unfinishedGuide,
    availability,
    endDialogs: (context) => dialogState.delete(context),
    paymentPageUrl: config.policy.paymentPageUrl,
    // Read only when the user asks after a callback and has none open: the ended tickets are read then.
    lastCancelledFollowUp: async (context) => {
      const userId = userIdOf(context.activity);
      const mine = (await queue.records.listEnded()).filter((h) => h.userId === userId && h.kind !== 'live');
      const newest = mine.sort((a, b) => (b.endedAt ?? '').localeCompare(a.endedAt ?? ''))[0];
      return newest?.outcome === 'cancelled' ? newest : undefined;
    },
    timeZone: config.policy.businessHours.timeZone,
    onAdded: tellAdded,
  });
  const removeSecrets = (text: string) => redactSecrets(text, { defaultRegion: config.policy.defaultRegion }).text;
  const desk = new HandoffDesk({ queue, lifecycle, log, audit, notifier, contacts: contacts ?? { get: async () => ({}) }, removeSecrets, transcript: deps.transcripts, logger, now });
  // The console polls every 2 s and shows the same summaries each time: mask each text once.
  const redactBot = (text: string) => redactAll(text, { defaultRegion: config.policy.defaultRegion, keepLiterals: deps.ownLiterals }).text;
  const views = new HandoffViews({ queue, cases: deps.cases, consents, transcript: deps.transcripts, contacts, redact: memoizeRedactor(redact, 5000), redactBot: memoizeRedactor(redactBot, 2000) });
  const abandoned = new AbandonedHandoffs({ queue, lifecycle, sessions, log, audit, notifier, logger, intervalMs: tuning.abandonedSweepMs });
  const routes: RouteModule = technicianApi({
    abandoned,
    accounts,
    sessions,
    limiter,
    queue,
    desk,
    audit,
    views,
    secureCookies: config.publicUrl.startsWith('https:'),
    logger,
    longPollMaxMs: tuning.longPollMaxMs,
  });
  const events: Record<string, EventHandler> = { 'handoff.status': handoffStatusHandler(lifecycle, logger) };
  const progress = new QueueProgressJob({ queue, notifier, logger, intervalMs: tuning.progressIntervalMs, availability, now });

  await seedDevTechnician(accounts, {
    nodeEnv: config.env.NODE_ENV,
    password: deps.devTechnicianPassword,
    log: (line) => logger.warn(line),
  });

  return {
    dialog,
    guard,
    /** For the guard that puts right the number or address a follow-up ticket of this chat was just opened with. */
    followUpOpenedHere,
    /** For that guard in a later chat: the user's newest waiting callback or email ticket. */
    openFollowUp: (context: TurnContext) => openFollowUp(context),
    /**
     * For an opt-out's word on the ticket: as openFollowUp, but a chat whose own handoff is a live
     * one (it started one, and no follow-up) is taken to have none, and the queue is not read: an
     * opt-out while waiting for a technician, as most are, costs no read for it.
     */
    followUpUnlessLiveHere: async (context: TurnContext) => {
      const data = await readConversationData(deps.conversationData, context);
      return data.handoffStarted && !data.followUpId ? undefined : openFollowUp(context);
    },
    nothingAsked: async (context: TurnContext) => openQuestion(await dialogState.get(context)) === undefined,
    events,
    routes,
    onTurnStart: (context: TurnContext) => references.remember(context),
    /** For the redaction middleware: true while a technician owns this conversation. */
    technicianOwns: async (context: TurnContext) => (await ownerForTurn(context, queue.owners, mayHaveOwner)).technician,
    /** For the privacy feature: the technician learns at once that remote access was withdrawn (P6). */
    onRemoteAccessRevoked: async ({ conversationId }: { userId: string; conversationId: string }) => {
      const handoff = await queue.activeFor(conversationId);
      if (handoff?.status === 'assigned') await log.append(handoff, 'The user withdrew consent to remote access: end any remote session now.', 'system');
    },
    /**
     * The user closed the chat for good (the widget's page, not remembered): a waiting ticket leaves the
     * queue, or a technician would pick it up with nobody there; one a technician holds stays theirs to
     * release or resolve, and they are told in the console's chat.
     */
    onUserLeft: async (context: TurnContext) => {
      // Only a chat a handoff was started in can have one (no store read for every closed page).
      if (!(await mayHaveOwner(context))) return;
      const conversationId = context.activity.conversation.id;
      const result = await lifecycle.cancel(conversationId);
      if (result.state === 'cancelled') {
        logger.info({ handoffId: result.handoff.id, conversation: conversationId }, 'waiting handoff withdrawn: the user closed the chat');
      } else if (result.state === 'technician') {
        const held = await queue.activeFor(conversationId);
        if (held?.status === 'assigned') await log.append(held, USER_LEFT_NOTE, 'system');
      }
    },
    /** For the rights feature: recording turned back on in a conversation records its open handoff again (P8). */
    onRecordingOn: async (conversationId: string) => void (await lifecycle.recordingOn(conversationId)),
    /** Starts the queue-update job and the sweep of abandoned chats; returns what app.ts stops on close (also ends pending long-polls). */
    start: () => {
      progress.start();
      abandoned.start();
      return { stop: () => (progress.stop(), abandoned.stop(), log.stop()) };
    },
    services: { queue, lifecycle, desk, accounts, sessions, audit, log, references, notifier },
  };
}

export type HandoffFeature = Awaited<ReturnType<typeof createHandoffFeature>>;

/**
 * For the redaction middleware, which is built before this feature: true while a technician
 * owns the conversation. Shares the per-turn owner read with the handoff guard.
 */
export function technicianOwnsFor(
  store: Store,
  conversationData: StatePropertyAccessor<ConversationData>,
  ownerTtlSeconds?: number,
): (context: TurnContext) => Promise<boolean> {
  const owners = new ConversationOwner(store, ownerTtlSeconds);
  const mayHaveOwner = handoffStartedIn(conversationData);
  return async (context) => (await ownerForTurn(context, owners, mayHaveOwner)).technician;
}

/** Whether a handoff was ever started in the turn's conversation (read from its bot state, already loaded). */
export function handoffStartedIn(conversationData: StatePropertyAccessor<ConversationData>): (context: TurnContext) => Promise<boolean> {
  return async (context) => (await readConversationData(conversationData, context)).handoffStarted === true;
}

/** What the technician holding a chat reads when the user closes it. */
export const USER_LEFT_NOTE = 'The user closed the chat and can no longer see it. Release or resolve the handoff.';

const OPEN_TICKETS = Symbol('helpline.handoff.openTickets');
const camel = (s: string) => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
