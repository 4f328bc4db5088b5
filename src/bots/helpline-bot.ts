import { ConversationState, TeamsActivityHandler, TurnContext, type StatePropertyAccessor } from 'botbuilder';
import type { Logger } from '../logging';
import type { Classification } from '../services/nlu/router';
import { capabilitiesText, STARTER_SUGGESTIONS } from '../dialogs/capabilities';
import { setClassification } from '../dialogs/classification';
import type { MainDialog } from '../dialogs/main-dialog';
import { message } from '../dialogs/wire';

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
  /** Called for every turn with a conversation reference, so proactive relays survive restarts. */
  onTurnStart?: (context: TurnContext) => Promise<void>;
}

export class HelplineBot extends TeamsActivityHandler {
  readonly dialogState: StatePropertyAccessor;

  constructor(private readonly options: HelplineBotOptions) {
    super();
    this.dialogState = options.conversationState.createProperty('dialogState');

    this.onMessage(async (context, next) => {
      const text = context.activity.text?.trim();
      setClassification(context, text ? options.classify(text) : undefined);
      for (const guard of options.guards ?? []) {
        if (await guard(context)) return next();
      }
      await options.dialog.run(context, this.dialogState);
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
  }

  welcome() {
    const { company, privacyPolicyUrl } = this.options;
    return message(
      `Hi, I'm the ${company} support assistant. ${capabilitiesText(company)}\n\n` +
        `Please don't type passwords or card numbers here. How we handle your data: ${privacyPolicyUrl}`,
      undefined,
      STARTER_SUGGESTIONS,
    );
  }

  override async run(context: TurnContext): Promise<void> {
    await this.options.onTurnStart?.(context);
    await super.run(context);
    // Saved only after a turn completes: a turn that throws leaves the previous, consistent state.
    await this.options.conversationState.saveChanges(context, false);
  }
}
