import { ConversationState, TeamsActivityHandler, TurnContext, type InvokeResponse, type StatePropertyAccessor } from 'botbuilder';
import type { Logger } from '../logging';
import type { Classification } from '../services/nlu/router';
import { capabilitiesText, STARTER_SUGGESTIONS } from '../dialogs/capabilities';
import { classifyRoutable, routableText, setClassification } from '../dialogs/classification';
import type { MainDialog } from '../dialogs/main-dialog';
import { message } from '../dialogs/wire';
import { DIALOG_STATE_PROPERTY } from '../dialogs/open-question';
import { runBeforeStateSave } from './before-state-save';
import { onlyTalksOfTheCode, REDACTION_TURN_KEY, type RedactionTurnInfo } from './middleware/redaction';

const ASK_AGAIN_AFTER_GUARD = Symbol('helpline.askAgainAfterGuard');

/** The guard handling this turn only answered a question: the open question of the dialogs, if any, is asked again after it. */
export function askAgainAfterGuard(context: TurnContext): void {
  context.turnState.set(ASK_AGAIN_AFTER_GUARD, true);
}

/** Whether a guard handled this turn and had the open question asked again: the message was no answer to it. */
export function handledByGuard(context: TurnContext): boolean {
  return context.turnState.get(ASK_AGAIN_AFTER_GUARD) === true;
}

/**
 * Runs before the dialogs on every message; returns true when it handled the turn
 * (e.g. a technician owns the conversation, so the bot only relays).
 */
export type TurnGuard = (context: TurnContext) => Promise<boolean>;

export type EventHandler = (context: TurnContext) => Promise<void>;

export interface HelplineBotOptions {
  company: string;
  privacyPolicyUrl: string;
  conversationState: ConversationState;
  dialog: MainDialog;
  classify(text: string): Classification;
  logger: Logger;
  guards?: TurnGuard[];
  /** Handlers for incoming event activities by name (e.g. handoff.status, the widget's privacy signals). */
  events?: Record<string, EventHandler>;
  /** The user's client said the chat is over for good (endOfConversation: the widget's page was closed, not remembered). */
  onUserLeft?: EventHandler;
  /** Called for every turn with a conversation reference, so proactive relays survive restarts. */
  onTurnStart?: (context: TurnContext) => Promise<void>;
}

export class HelplineBot extends TeamsActivityHandler {
  readonly dialogState: StatePropertyAccessor;

  constructor(private readonly options: HelplineBotOptions) {
    super();
    this.dialogState = options.conversationState.createProperty(DIALOG_STATE_PROPERTY);

    this.onMessage(async (context, next) => {
      const text = routableText(context.activity.text);
      const classification = classifyRoutable(context.activity.text, options.classify);
      setClassification(context, classification);
      // Only an echoed redaction answers the user: while a technician owns the chat the echo is skipped
      // and what is left ("my pin is [removed]") must still reach the technician through the guards.
      const redaction = context.turnState.get(REDACTION_TURN_KEY) as RedactionTurnInfo | undefined;
      const redacted = redaction?.echo !== undefined;
      // A code typed where none was asked for with only words about it ("639712 is my code"), with a privacy
      // request waiting for one, has been answered by the redaction echo: it says how to get on, and a second
      // reading (an open request's reminder, a guess) would only repeat or confuse it; the reminder comes with
      // the next message.
      const onlyCode = redaction?.types.includes('otp') === true && onlyTalksOfTheCode(text);
      if (redacted && onlyCode && redaction.codePending && !(await this.dialogActive(context))) return next();
      // A message that was only a secret, or words about it ("username jsmith pw ...", "the code is ..." with
      // no request waiting for one), leaves nothing to route: the echo alone is no answer, so the user is
      // asked what they came for.
      if (redacted && (onlyCode || !classification || classification.intent === 'out_of_scope') && !(await this.dialogActive(context))) {
        await context.sendActivity(message('What can I help you with?', undefined, STARTER_SUGGESTIONS));
        return next();
      }
      for (const guard of options.guards ?? []) {
        if (!(await guard(context))) continue;
        // A guard answered a question asked in the middle of something ("did anyone look at my
        // ticket?" at a troubleshooting step): what the bot asked is still open, so it is asked again.
        if (context.turnState.get(ASK_AGAIN_AFTER_GUARD)) await options.dialog.reprompt(context, this.dialogState);
        return next();
      }
      // A prompt re-asks only if nothing was sent this turn, and the redaction echo was: re-ask explicitly.
      let sentByDialogs = 0;
      context.onSendActivities(async (_ctx, activities, nextSend) => {
        sentByDialogs += activities.filter((a) => a.type === 'message').length;
        return nextSend();
      });
      await options.dialog.run(context, this.dialogState);
      if (redacted && sentByDialogs === 0) await options.dialog.reprompt(context, this.dialogState);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const newcomers = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId);
      if (newcomers.length > 0) await context.sendActivity(this.welcome());
      await next();
    });

    this.onEvent(async (context, next) => {
      const handler = context.activity.name ? options.events?.[context.activity.name] : undefined;
      if (handler) await handler(context);
      await next();
    });

    this.onEndOfConversation(async (context, next) => {
      await options.onUserLeft?.(context);
      await next();
    });
  }

  /** Whether a dialog is waiting for this user's answer (then even a bare secret gets its re-prompt). */
  private async dialogActive(context: TurnContext): Promise<boolean> {
    const state = (await this.dialogState.get(context)) as { dialogStack?: unknown[] } | undefined;
    return (state?.dialogStack?.length ?? 0) > 0;
  }

  welcome() {
    const { company, privacyPolicyUrl } = this.options;
    return message(
      `Hi, I'm the virtual assistant of ${company}. ${capabilitiesText(company)}\n\n` +
        `Please don't type passwords or card numbers here. How we handle your data: ${privacyPolicyUrl}`,
      undefined,
      STARTER_SUGGESTIONS,
    );
  }

  /**
   * Helpline handles no invoke activities (no message extensions, task modules or card actions).
   * botbuilder answers those 501; an invoke the bot does not offer is the caller's mistake, so it
   * gets 400 and a reason, and no activity a client sends can make the server answer 5xx.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const response = await super.onInvokeActivity(context);
    if (response.status !== 501) return response;
    return { status: 400, body: { error: 'unsupported_invoke', message: `Helpline does not handle ${context.activity.name ? `"${context.activity.name}" ` : ''}invoke activities.` } };
  }

  override async run(context: TurnContext): Promise<void> {
    await this.options.onTurnStart?.(context);
    await super.run(context);
    // Saved only after a turn completes: a turn that throws leaves the previous, consistent state.
    await runBeforeStateSave(context);
    await this.options.conversationState.saveChanges(context, false);
  }
}
