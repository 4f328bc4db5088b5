import { NullTelemetryClient, type ConfigurationBotFrameworkAuthenticationOptions, type Middleware, type TurnContext } from 'botbuilder';
import { createTelemetryClient, createTelemetryLoggerMiddleware } from './services/telemetry/telemetry';
import { groupChatMiddleware } from './bots/middleware/group-chat';
import { redactAll } from './services/privacy/redaction';
import type { Dialog } from 'botbuilder-dialogs';
import type restify from 'restify';
import type { AppConfig } from './config';
import type { Logger } from './logging';
import { createAdapter } from './bots/adapter';
import { CONNECTOR_PATH, createDirectLine } from './channels/directline';
import { HelplineBot, type EventHandler, type TurnGuard } from './bots/helpline-bot';
import { createConversationDataAccessor, startNextMessage } from './dialogs/conversation-data';
import { createPrivacyFeature } from './dialogs/privacy/privacy-feature';
import { createHandoffFeature, technicianOwnsFor, type HandoffFeature } from './dialogs/handoff/handoff-feature';
import { createFollowUpCorrectionGuard } from './dialogs/handoff/follow-up-correction';
import { createRightsFeature } from './dialogs/rights/rights-feature';
import type { Mailer } from './services/mail/mailer';
import { MainDialog, type MainDialogOptions } from './dialogs/main-dialog';
import { TroubleshootDialog, type StepAt } from './dialogs/troubleshoot/troubleshoot-dialog';
import { userIdOf } from './dialogs/identity';
import { loadFlows } from './services/troubleshooting/flow-loader';
import { loadGlossary } from './services/troubleshooting/glossary';
import { ownLiterals } from './services/privacy/own-literals';
import { fromRoot } from './paths';
import { BillingDialog } from './dialogs/billing/billing-dialog';
import { billingTopic } from './services/billing/billing-answers';
import { CaseStore } from './services/cases/case-store';
import type { Intent } from './services/nlu/labels';
import { Router } from './services/nlu/router';
import { StoreBotStorage } from './bots/store-bot-storage';
import { HelplineConversationState } from './bots/conversation-state';
import { describeHours } from './services/handoff/business-hours';
import { createStore } from './services/storage/create-store';
import type { Store } from './services/storage/store';
import { TurnCachingStore, TurnScope } from './services/storage/turn-cache';
import { conversationFlowMemory } from './dialogs/troubleshoot/flow-memory';
import { createServer, type RouteModule } from './server/server';

export interface App {
  config: AppConfig;
  store: Store;
  server: restify.Server;
  bot: HelplineBot;
  logger: Logger;
  /** Listens on config PORT (0 = any free port); resolves with the bound port. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export interface AppOptions {
  /** Injectable clock (epoch ms) for retention, deadlines and waiting times. */
  now?: () => number;
  store?: Store;
  /** Test seam: Bot Framework authentication settings, e.g. a local OpenID metadata URL (BotOpenIdMetadata). */
  authOverrides?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
  /** Test seam: how often the queue-update job runs (default every 5 s). */
  queueUpdateIntervalMs?: number;
  /** Where one-time codes go instead of SMTP_URL's server or the log (`helpline chat` shows them in the terminal). */
  mailer?: Mailer;
}

/** The composition root: config -> storage -> services -> adapter -> bot -> server. */
export async function createApp(config: AppConfig, logger: Logger, options: AppOptions = {}): Promise<App> {
  const now = options.now ?? Date.now;
  // Each turn reads a record or a query once, however many parts of the turn ask (see turn-cache.ts).
  const turns = new TurnScope();
  const store = new TurnCachingStore(options.store ?? (await createStore(config.env, { now })), turns);
  const conversationState = new HelplineConversationState(new StoreBotStorage(store, { ttlSeconds: config.policy.retentionDays.botState * 86400 }));
  const conversationData = createConversationDataAccessor(conversationState);
  const router = await Router.load(fromRoot('content/nlu'), { company: config.policy.company.name });
  const classify = (text: string) => router.classify(text);

  const adapter = createAdapter(config, logger, [], options.authOverrides);

  // What each feature contributes. Order of middleware matters: redaction first (design rule 1),
  // preceded only by the turn scope, which reads nothing and must enclose every store read of the turn,
  // and the group-chat check, which reads no text: a channel or group chat gets only a pointer to a
  // one-to-one chat (bots/middleware/group-chat.ts).
  const middleware: Middleware[] = [{ onTurn: (_context, next) => turns.run(next) }, groupChatMiddleware(config.env.MicrosoftAppId)];
  const features: Partial<Record<Intent, Dialog>> = {};
  const guards: TurnGuard[] = [];
  const events: Record<string, EventHandler> = {};
  const routes: RouteModule[] = [];
  // What the last message's answer left for this one is taken out of storage before anything reads it (conversation-data.ts).
  const onTurnStart: ((context: TurnContext) => Promise<void>)[] = [(context) => startNextMessage(conversationData, context)];
  const background: { stop(): void }[] = [];

  // ---- features ----
  // Privacy at the point of collection (P1-P6, P8, P10, P12-P14). Redaction is the FIRST middleware,
  // the transcript second; the remote-access revocation is recorded before any handoff relay.
  // Human handoff is assembled below; the privacy middleware needs to know when a technician owns the turn.
  let handoff: HandoffFeature | undefined;
  const technicianOwns = technicianOwnsFor(store, conversationData);
  const flows = loadFlows(fromRoot('content/flows'));
  // The bot's lines keep its links and addresses as written for technicians (transcript, console); a URL or
  // address a user typed stays masked.
  const botLiterals = ownLiterals(config.policy, flows.flows);
  const privacy = createPrivacyFeature({
    config, store, now, logger, conversationState, conversationData, technicianOwns,
    onRemoteAccessRevoked: async (revocation) => handoff?.onRemoteAccessRevoked(revocation),
    remoteAccessContinueWith: 'handoff',
    ownLiterals: botLiterals,
  });
  middleware.push(privacy.middleware.redaction, privacy.middleware.transcript, privacy.middleware.revocation);
  features.remote_access = privacy.dialogs.remoteAccess;
  guards.push(privacy.guards.under13, privacy.guards.revocationConfirm, privacy.guards.recordingConsent);
  background.push(privacy.startPurge());
  const cases = new CaseStore(store, now, config.policy.retentionDays.cases);
  const billing = new BillingDialog({ rules: config.policy.billing, paymentPageUrl: config.policy.paymentPageUrl, cases, now, conversationData });
  features.billing = billing;
  const troubleshoot = new TroubleshootDialog({ catalog: flows, cases, memory: conversationFlowMemory(store, conversationData), glossary: loadGlossary(fromRoot('content/glossary.yaml')), now, conversationData });
  features.troubleshoot = troubleshoot;
  // Human handoff (design rule 2): the queue, HandoffDialog ('handoff'), the technician-owns guard (before the
  // revocation confirmation, which must stay silent while a technician owns the conversation), the technician API.
  handoff = await createHandoffFeature({
    config, store, now, logger, adapter, conversationState, conversationData, cases, syncCase: (context, caseId) => troubleshoot.syncCase(context, caseId),
    queuedAtStep: (context, caseId) => troubleshoot.queuedAtStep(context, caseId),
    unfinishedGuide: async (context) => {
      const flow = await troubleshoot.pendingFlow(userIdOf(context.activity));
      return flow !== undefined && flow.conversationId !== context.activity.conversation.id;
    },
    transcripts: privacy.transcripts, consents: privacy.consents, profiles: privacy.profiles, contactInfo: privacy.dialogs.contactInfo, notices: privacy.gate,
    devTechnicianPassword: config.env.HELPLINE_DEV_TECHNICIAN_PASSWORD,
    ownLiterals: botLiterals,
    // Both jobs pass over the queue; a test that slows one (to count store reads) slows both.
    tuning: { progressIntervalMs: options.queueUpdateIntervalMs, abandonedSweepMs: options.queueUpdateIntervalMs },
  });
  features.human = handoff.dialog;
  privacy.connectHandoff({ onRecordingOn: handoff.onRecordingOn });
  // First of all guards: while a technician owns the conversation the bot only relays (protocol.md), even an
  // under-13 statement, which the technician then sees and handles.
  guards.unshift(handoff.guard);
  guards.push(
    createFollowUpCorrectionGuard({ followUpOpenedHere: handoff.followUpOpenedHere, openFollowUp: handoff.openFollowUp, nothingAsked: handoff.nothingAsked, profiles: privacy.profiles, defaultRegion: config.policy.defaultRegion, conversationData }),
  );
  Object.assign(events, handoff.events);
  routes.push(handoff.routes);
  onTurnStart.push(handoff.onTurnStart);
  background.push(handoff.start());
  // Data rights in the conversation (P7-P9, P11, P17): opt-outs and objections from any turn, verified
  // access/correction/deletion with request receipts, the widget's GPC signal, privacy questions.
  const rights = createRightsFeature({ config, store, now, logger, mailer: options.mailer, conversationState, conversationData, privacy, cases, technicianOwns, onRecordingOn: handoff.onRecordingOn, openFollowUp: handoff.followUpUnlessLiveHere });
  features.opt_out = rights.dialogs.optOut;
  features.data_access = features.data_correction = features.data_deletion = rights.dialogs.privacyRequest;
  features.privacy_info ??= rights.dialogs.privacyInfo;
  Object.assign(events, rights.events);
  // A user who turned recording off stays unrecorded in later chats: decided before the transcript middleware runs.
  const transcriptAt = middleware.indexOf(privacy.middleware.transcript);
  middleware.splice(transcriptAt < 0 ? middleware.length : transcriptAt, 0, rights.middleware.recordingPreference);
  guards.push(rights.guards.objection, rights.guards.changeOfMind, rights.guards.lockedOut);
  // Before the handoff guard, which answers a waiting user's messages itself ("hi" in a new chat is told the
  // ticket's place): an open privacy request from an earlier chat is told first all the same. It never takes
  // the message, and says nothing while a technician owns the chat (the bot only relays then).
  const openRequests = rights.guards.openRequests;
  guards.unshift(async (context) => !(await technicianOwns(context)) && openRequests(context));
  // Before the handoff guard: an opt-out said to a technician is applied, then relayed (P7).
  if (rights.guards.liveOptOut) guards.unshift(rights.guards.liveOptOut);
  routes.push(rights.routes.clientAddress);
  background.push({ stop: () => void rights.close() }, rights.startExpiry());
  const offerResume: MainDialogOptions['offerResume'] = async (context, opening) => {
    // A device problem is offered its guide, a refund asked about again the refund, a hello the latest
    // of the two; another billing question neither, and a later message may still be offered them.
    const refundAsked = opening.intent === 'billing' && billingTopic(opening.text) === 'refund';
    if (opening.intent === 'billing' && !refundAsked) return undefined;
    const data = await conversationData.get(context, { noticesShown: {} });
    if (data.resumeOffered) return undefined;
    data.resumeOffered = true;
    const userId = userIdOf(context.activity);
    const elsewhere = <T extends { conversationId: string }>(pending: T | undefined) => (pending && pending.conversationId !== context.activity.conversation.id ? pending : undefined);
    // "my printer is jammed now" after the laptop's guide: that problem, not "continue the laptop's?" first.
    const flow = refundAsked ? undefined : elsewhere(await troubleshoot.pendingFlow(userId, opening));
    const refund = opening.intent === 'troubleshoot' ? undefined : elsewhere(await billing.pendingRefund(userId));
    if (refund && !(flow && flow.updatedAt > refund.updatedAt)) {
      return {
        question: `Welcome back! Last time you started a refund request and told me ${refund.told}. Would you like to continue where we stopped?`,
        dialogId: billing.id,
        options: { resumeCaseId: refund.caseId },
      };
    }
    if (!flow) return undefined;
    // The step itself, not only its number: the user sees where they were, and may simply answer it.
    const where = flow.asks ? `We stopped at step ${flow.n}: "${flow.asks}"` : `We stopped at step ${flow.n}.`;
    return {
      question: `Welcome back! Last time we were working on "${flow.title}". ${where} Would you like to continue where we stopped?`,
      dialogId: troubleshoot.id,
      options: { resumeCaseId: flow.caseId, at: flow.at },
    };
  };
  const carriesOn: MainDialogOptions['carriesOn'] = async (context, classification) => {
    const plan = await billing.planTaken(context, classification);
    if (plan) return { dialogId: billing.id, options: plan };
    const options = troubleshoot.keepsGoing(context) ?? (await troubleshoot.keepsUsing(context, classification)) ?? (await troubleshoot.problemBack(context, classification));
    return options && { dialogId: troubleshoot.id, options };
  };
  const continuesResume: MainDialogOptions['continuesResume'] = (context, offer, typed) => {
    // "about my refund" at the offer of the refund left half-way: that refund, carried on.
    if (offer.dialogId === billing.id) return typed?.intent === 'billing' && billingTopic(typed.text) === 'refund' ? {} : undefined;
    const { at } = offer.options as { at?: StepAt };
    const text = typed?.text ?? context.activity.text ?? '';
    return at && troubleshoot.continuesAt(at, typed, text);
  };

  // Telemetry sees each turn after redaction; its client scrubs personal data again before sending.
  const telemetry = createTelemetryClient(config.env.APPLICATIONINSIGHTS_CONNECTION_STRING, (s) => redactAll(s).text);
  if (!(telemetry instanceof NullTelemetryClient)) middleware.push(createTelemetryLoggerMiddleware(telemetry));
  for (const m of middleware) adapter.use(m);
  const shared = [privacy.dialogs.deviceInfo, privacy.dialogs.contactInfo];
  const declineResume: MainDialogOptions['declineResume'] = async (context, offer) => {
    const { resumeCaseId } = offer.options as { resumeCaseId?: string };
    if (!resumeCaseId) return;
    await (offer.dialogId === billing.id ? billing : troubleshoot).declineResume(userIdOf(context.activity), resumeCaseId);
  };
  const dialog = new MainDialog({
    company: config.policy.company.name,
    classify,
    features,
    shared,
    offerResume,
    declineResume,
    continuesResume,
    carriesOn,
    technicianHours: describeHours(config.policy.businessHours),
    nameProblem: (problem) => troubleshoot.nameOf(problem),
  });
  const bot = new HelplineBot({
    company: config.policy.company.name,
    privacyPolicyUrl: config.policy.privacyPolicyUrl,
    conversationState,
    dialog,
    classify,
    logger,
    guards,
    events,
    onUserLeft: handoff.onUserLeft,
    onTurnStart: async (context) => {
      for (const hook of onTurnStart) await hook(context);
    },
  });
  const botLogic = (context: TurnContext) => bot.run(context);
  routes.push(createDirectLine({ config, adapter, botLogic, store, logger, now }).routes);
  // Requests per client address (HELPLINE_RATE_LIMIT), in bursts of up to five seconds' worth. Not one client each:
  // the bot's own replies through the local Direct Line, and, with channel authentication on, /api/messages, where
  // only the Bot Framework service posts, bringing every user's messages from a few addresses.
  const perSecond = config.env.HELPLINE_RATE_LIMIT;
  const exemptPaths = [CONNECTOR_PATH, ...(config.localMode ? [] : ['/api/messages'])];
  const clientRateLimit = perSecond > 0 ? { perSecond, burst: 5 * perSecond, exemptPaths } : undefined;
  const server = createServer({ adapter, botLogic, store, logger, routes, clientRateLimit });

  return {
    config,
    store,
    server,
    bot,
    logger,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.env.PORT, () => resolve((server.address() as { port: number }).port));
      }),
    close: async () => {
      for (const job of background) job.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
