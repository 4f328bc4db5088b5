// A bot assembled like src/app.ts does it (privacy middleware, guards, HelplineBot, MainDialog),
// driven in-process through botbuilder's TestAdapter. The classifier is a small stand-in so
// these tests depend only on the privacy feature.
import { ComponentDialog, WaterfallDialog, type Dialog } from 'botbuilder-dialogs';
import { TestAdapter, type Activity, type StatePropertyAccessor } from 'botbuilder';
import pino from 'pino';
import { HelplineBot, type TurnGuard } from '../../../src/bots/helpline-bot';
import { StoreBotStorage } from '../../../src/bots/store-bot-storage';
import { envSchema, loadPolicy, type AppConfig } from '../../../src/config';
import { createConversationDataAccessor, type ConversationData } from '../../../src/dialogs/conversation-data';
import { MainDialog } from '../../../src/dialogs/main-dialog';
import { createPrivacyFeature, type PrivacyFeature } from '../../../src/dialogs/privacy/privacy-feature';
import { helplineData, message } from '../../../src/dialogs/wire';
import type { Intent } from '../../../src/services/nlu/labels';
import type { Classification } from '../../../src/services/nlu/router';
import { fromRoot } from '../../../src/paths';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import type { Store } from '../../../src/services/storage/store';
import { HelplineConversationState } from '../../../src/bots/conversation-state';

export function testConfig(): AppConfig {
  const policy = loadPolicy(fromRoot('content/helpline.config.yaml'));
  return { env: envSchema.parse({ NODE_ENV: 'test' }), policy, publicUrl: 'http://localhost:3978', localMode: true, mailFrom: policy.company.mailFrom };
}

export function testClock(start = Date.parse('2026-11-15T12:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms), set: (t: number) => void (now = t) };
}

const RULES: [RegExp, Intent, number][] = [
  [/remote/i, 'remote_access', 0.95],
  [/^cancel$/i, 'cancel', 0.95],
  [/^start\b/i, 'troubleshoot', 0.9],
];

export function fakeClassify(text: string): Classification {
  const [, intent, confidence] = RULES.find(([re]) => re.test(text)) ?? [null, 'out_of_scope' as Intent, 0.9];
  return { text, intent, device: 'none', confidence, alternatives: [{ intent, confidence }], ambiguous: false, security: false, symptoms: [] };
}

/** Starts one child dialog with fixed options on "start ...", then reports its result as "RESULT {json}". */
class HostDialog extends ComponentDialog {
  constructor(child: Dialog, options: () => object) {
    super('host');
    this.addDialog(child);
    this.addDialog(
      new WaterfallDialog('hostFlow', [
        async (step) => step.beginDialog(child.id, options()),
        async (step) => {
          await step.context.sendActivity(message(`RESULT ${JSON.stringify(step.result ?? null)}`));
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'hostFlow';
  }
}

export interface HarnessOptions {
  store?: Store;
  clock?: ReturnType<typeof testClock>;
  noticesDir?: string;
  /** Which collection dialog "start" opens, and with which options. */
  host?: (privacy: PrivacyFeature, conversationData: StatePropertyAccessor<ConversationData>) => { dialog: Dialog; options: () => object };
  /** Guards run after the privacy feature's. */
  guards?: TurnGuard[];
}

export function createHarness(options: HarnessOptions = {}) {
  const clock = options.clock ?? testClock();
  const store = options.store ?? new SqliteStore({ dataDir: ':memory:', now: clock.now });
  const config = testConfig();
  const logger = pino({ level: 'silent' });
  const conversationState = new HelplineConversationState(new StoreBotStorage(store));
  const conversationData = createConversationDataAccessor(conversationState);
  const privacy = createPrivacyFeature({ config, store, now: clock.now, logger, conversationState, conversationData, noticesDir: options.noticesDir });
  const features: Partial<Record<Intent, Dialog>> = { remote_access: privacy.dialogs.remoteAccess };
  if (options.host) {
    const host = options.host(privacy, conversationData);
    features.troubleshoot = new HostDialog(host.dialog, host.options);
  }
  const dialog = new MainDialog({ company: config.policy.company.name, classify: fakeClassify, features });
  const bot = new HelplineBot({
    company: config.policy.company.name,
    privacyPolicyUrl: config.policy.privacyPolicyUrl,
    conversationState,
    dialog,
    classify: fakeClassify,
    logger,
    guards: [privacy.guards.under13, privacy.guards.revocationConfirm, privacy.guards.recordingConsent, ...(options.guards ?? [])],
  });

  const conversation = (conversationId = 'conv-1', userId = 'user-1') => {
    const adapter = new TestAdapter(async (context) => bot.run(context), {
      channelId: 'test',
      conversation: { id: conversationId },
      from: { id: userId, name: 'Test User' },
      recipient: { id: 'bot', name: 'Helpline' },
    } as Partial<Activity>);
    adapter.use(privacy.middleware.redaction, privacy.middleware.transcript, privacy.middleware.revocation);
    return {
      conversationId,
      userId: `test:${userId}`,
      /** Sends text (or an activity) and returns the bot's replies of that turn. */
      async say(input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
        await adapter.receiveActivity(typeof input === 'string' ? { type: 'message', text: input } : input);
        return adapter.activeQueue.splice(0);
      },
    };
  };
  return { store, clock, config, privacy, conversation, conversationData };
}

export const hl = helplineData;
export const texts = (replies: Partial<Activity>[]) => replies.map((r) => r.text ?? '');
export const noticeIds = (replies: Partial<Activity>[]) => replies.map((r) => hl(r).notice?.id).filter(Boolean);
