import type { Attachment, CloudAdapter, ConversationParameters } from 'botbuilder';
import { CardFactory, MessageFactory } from 'botbuilder';
import type { Logger } from '../../logging';
import type { HandoffRecord } from '../../services/handoff/handoff-record';

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

export interface TeamsAlertOptions {
  adapter: Pick<CloudAdapter, 'createConversationAsync'>;
  botAppId: string;
  channelId: string;
  serviceUrl: string;
  consoleUrl: string;
  redact: (text: string) => string;
  logger: Logger;
}

/** Posts the alert card as a new thread in the configured Teams channel (the connector's create-conversation call). */
export class TeamsAlert {
  constructor(private readonly options: TeamsAlertOptions) {}

  async post(handoff: HandoffRecord): Promise<void> {
    const { adapter, botAppId, channelId, serviceUrl, consoleUrl, redact, logger } = this.options;
    const activity = MessageFactory.attachment(handoffAlertCard(handoff, consoleUrl, redact));
    const parameters = { isGroup: true, channelData: { channel: { id: channelId } }, activity } as ConversationParameters;
    try {
      // No audience: the connector uses the cloud's default, as TeamsInfo.sendMessageToTeamsChannel does.
      await adapter.createConversationAsync(botAppId, 'msteams', serviceUrl, undefined as unknown as string, parameters, async () => undefined);
    } catch (error) {
      logger.warn({ handoffId: handoff.id, err: error instanceof Error ? error.message : String(error) }, 'Teams alert not posted');
    }
  }
}
