import type { Attachment, CloudAdapter, ConversationParameters, ConversationReference } from 'botbuilder';
import { CardFactory, MessageFactory } from 'botbuilder';
import type { Logger } from '../../logging';
import type { HandoffRecord } from '../../services/handoff/handoff-record';
import type { TicketAddition } from '../../services/handoff/ticket-additions';

const KIND_LABEL = { live: 'Live chat', callback: 'Callback (phone)', email: 'Email follow-up' } as const;

/**
 * The Adaptive Card (schema 1.4, TextBlock/FactSet/Action.OpenUrl only) announcing a new
 * handoff. It carries no personal data: the console shows the case to a signed-in technician.
 */
export function handoffAlertCard(handoff: HandoffRecord, consoleUrl: string, redact: (text: string) => string): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: handoff.priority === 'high' ? 'Priority handoff waiting' : 'New handoff waiting', weight: 'Bolder', size: 'Medium', wrap: true },
      {
        type: 'FactSet',
        facts: [
          { title: 'Reason', value: redact(handoff.reason) },
          { title: 'Device', value: handoff.device },
          { title: 'Type', value: KIND_LABEL[handoff.kind] },
          { title: 'Priority', value: handoff.priority },
          { title: 'Ticket', value: handoff.id },
        ],
      },
    ],
    actions: [{ type: 'Action.OpenUrl', title: 'Open in the technician console', url: `${consoleUrl}#handoff=${handoff.id}` }],
  });
}

const ADDED_LABEL = { note: 'Note added', preferredTime: 'Preferred call time', problem: 'Problem added' } as const;

/**
 * The card for something the user added to an open ticket: the ticket id and the addition, masked
 * as the ticket keeps it (the alert went out when the ticket opened, and the channel saw nothing since).
 */
export function handoffUpdateCard(handoff: HandoffRecord, addition: TicketAddition, consoleUrl: string): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: `Ticket ${handoff.id} updated`, weight: 'Bolder', size: 'Medium', wrap: true },
      {
        type: 'FactSet',
        facts: [
          { title: ADDED_LABEL[addition.kind], value: addition.text },
          { title: 'Type', value: KIND_LABEL[handoff.kind] },
          { title: 'Ticket', value: handoff.id },
        ],
      },
    ],
    actions: [{ type: 'Action.OpenUrl', title: 'Open in the technician console', url: `${consoleUrl}#handoff=${handoff.id}` }],
  });
}

export interface TeamsAlertOptions {
  adapter: Pick<CloudAdapter, 'createConversationAsync' | 'continueConversationAsync'>;
  botAppId: string;
  channelId: string;
  serviceUrl: string;
  consoleUrl: string;
  redact: (text: string) => string;
  logger: Logger;
}

/** Posts the alert card as a new thread in the configured Teams channel, and what is added later as replies in it. */
export class TeamsAlert {
  constructor(private readonly options: TeamsAlertOptions) {}

  /** Posts the alert as a new thread; answers the thread's conversation id, undefined if it failed. */
  async post(handoff: HandoffRecord): Promise<string | undefined> {
    return this.newThread(handoff, handoffAlertCard(handoff, this.options.consoleUrl, this.options.redact));
  }

  /**
   * Posts what the user added to the open ticket as a reply in the alert's thread, so the channel reads
   * the ticket in one place; as a new thread for a ticket alerted before its thread was kept.
   */
  async postUpdate(handoff: HandoffRecord, addition: TicketAddition): Promise<void> {
    const card = handoffUpdateCard(handoff, addition, this.options.consoleUrl);
    if (!handoff.teamsThread) {
      await this.newThread(handoff, card);
      return;
    }
    const { adapter, botAppId, serviceUrl } = this.options;
    const thread = handoff.teamsThread;
    const reference = { channelId: 'msteams', serviceUrl, conversation: { id: thread, isGroup: true } } as ConversationReference;
    const alertMessage = /;messageid=(\d+)$/.exec(thread)?.[1];
    await this.tried(handoff, () =>
      adapter.continueConversationAsync(botAppId, reference, async (context) => {
        // As in a turn begun by the alert itself: what is sent answers it (replyToId), in its thread.
        if (alertMessage) context.activity.id = alertMessage;
        await context.sendActivity(MessageFactory.attachment(card));
      }),
    );
  }

  private async newThread(handoff: HandoffRecord, card: Attachment): Promise<string | undefined> {
    const { adapter, botAppId, channelId, serviceUrl } = this.options;
    const parameters = { isGroup: true, channelData: { channel: { id: channelId } }, activity: MessageFactory.attachment(card) } as ConversationParameters;
    let thread: string | undefined;
    await this.tried(handoff, () =>
      // No audience: the connector uses the cloud's default, as TeamsInfo.sendMessageToTeamsChannel does.
      // A channel post's conversation is its thread, "<channel id>;messageid=<id>": replies sent there join it.
      adapter.createConversationAsync(botAppId, 'msteams', serviceUrl, undefined as unknown as string, parameters, async (context) => {
        thread = context.activity.conversation?.id;
      }),
    );
    return thread;
  }

  private async tried(handoff: HandoffRecord, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.options.logger.warn({ handoffId: handoff.id, err: error instanceof Error ? error.message : String(error) }, 'Teams alert not posted');
    }
  }
}
