import { randomUUID } from 'node:crypto';
import { ActivityTypes, HandoffEventNames, TurnContext, type Activity, type ChannelAccount } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../../logging';
import type { EventHandler } from '../../bots/helpline-bot';
import type { Contact, HandoffRecord } from '../../services/handoff/handoff-record';
import type { HandoffLifecycle } from '../../services/handoff/handoff-lifecycle';
import { hubCompletedMessage } from '../../services/handoff/handoff-texts';
import { handoffTranscript } from '../../services/handoff/handoff-transcript';
import type { TicketAddition } from '../../services/handoff/ticket-additions';
import type { CaseFacts, CasePort, ConsentPort, ContactPort, TranscriptPort } from '../../services/handoff/ports';
import { sendInTurn } from './bot-notifier';

export interface HubDeps {
  transcript?: TranscriptPort;
  cases?: CasePort;
  consents?: ConsentPort;
  contacts?: ContactPort;
  /** Masks personal data and removes secrets (redactAll(text).text). */
  redact: (text: string) => string;
  consoleUrl: string;
  logger: Logger;
}

/** The context an agent hub gets with handoff.initiate: the case, what the user agreed to share, consent flags. */
export async function hubContext(handoff: HandoffRecord, deps: HubDeps, known?: CaseFacts) {
  const facts = known ?? (handoff.caseId ? await deps.cases?.get(handoff.userId, handoff.caseId) : undefined);
  const profile: Contact = (await deps.contacts?.get(handoff.userId)) ?? {};
  // Sent as the handoff is queued or moved, so the handoff record's recordingOff is current.
  const consents = (await deps.consents?.flags(handoff.userId, handoff.conversationId, handoff.recordingOff)) ?? { remoteAccess: false, recording: !handoff.recordingOff };
  return {
    ticketId: handoff.id,
    kind: handoff.kind,
    priority: handoff.priority,
    reason: deps.redact(handoff.reason),
    consoleUrl: `${deps.consoleUrl}#handoff=${handoff.id}`,
    caseSummary: {
      device: facts?.device ?? handoff.device,
      problem: deps.redact(facts?.problem ?? handoff.summary ?? handoff.reason),
      stepsTried: (facts?.stepsTried ?? []).map((s) => ({ stepId: s.stepId, text: s.text, outcome: s.outcome })),
    },
    // The user agreed to share these with a technician for this handoff, and nothing else.
    contact: Object.fromEntries(handoff.contactFields.flatMap((f) => (profile[f] ? [[f, profile[f]]] : []))),
    consents: { ...consents, recording: consents.recording && !handoff.recordingOff },
  };
}

/** The redacted transcript (of every chat the handoff was in) as Bot Framework activities, for the Transcript attachment. */
async function transcriptActivities(context: TurnContext, handoff: HandoffRecord, deps: HubDeps): Promise<Partial<Activity>[]> {
  const entries = await handoffTranscript(deps.transcript, handoff);
  const user: ChannelAccount = { id: context.activity.from.id, name: 'User', role: 'user' };
  const bot: ChannelAccount = { id: context.activity.recipient?.id ?? 'bot', name: 'Bot', role: 'bot' };
  return entries.map((e): Partial<Activity> => ({
    type: ActivityTypes.Message,
    timestamp: new Date(e.timestamp),
    from: e.from === 'user' ? user : e.from === 'technician' ? ({ id: e.technician?.id ?? 'technician', name: e.technician?.name ?? 'Technician', role: 'bot' } as ChannelAccount) : bot,
    // Stored transcript text is already masked (TranscriptStore masks every entry as it writes it).
    text: e.text,
  }));
}

/**
 * Emits the standard handoff.initiate event (EventFactory.createHandoffInitiation) so an agent
 * hub on the channel can take the conversation: when the handoff is queued, and again from the
 * user's new chat when it moves there (same ticketId, so a hub can tell it is the same ticket).
 * Failures are logged: Helpline's own console has the handoff either way.
 */
export async function sendHandoffInitiation(context: TurnContext, handoff: HandoffRecord, deps: HubDeps, caseFacts?: CaseFacts): Promise<void> {
  try {
    const activities = await transcriptActivities(context, handoff, deps);
    const event = handoffInitiation(context, await hubContext(handoff, deps, caseFacts), activities);
    await context.sendActivity(event);
  } catch (error) {
    deps.logger.warn({ handoffId: handoff.id, err: error instanceof Error ? error.message : String(error) }, 'handoff.initiate not sent');
  }
}

/**
 * Tells an agent hub what the user added to an open ticket ("the tv clicks", "after 3pm"): the
 * ticket id and the addition, masked as the ticket keeps it. handoff.initiate went out when the
 * ticket opened and carries nothing added since. An event of Helpline's own: Bot Framework's
 * handoff events have none for this. Failures are logged, as for handoff.initiate.
 */
export async function sendHandoffUpdate(context: TurnContext, handoff: HandoffRecord, addition: TicketAddition, logger: Logger): Promise<void> {
  try {
    const { activity } = context;
    await context.sendActivity({
      type: ActivityTypes.Event,
      name: 'handoff.update',
      value: { ticketId: handoff.id, kind: handoff.kind, added: addition },
      relatesTo: TurnContext.getConversationReference(activity) as Activity['relatesTo'],
      replyToId: activity.id,
    });
  } catch (error) {
    logger.warn({ handoffId: handoff.id, err: error instanceof Error ? error.message : String(error) }, 'handoff.update not sent');
  }
}

/**
 * The activity botbuilder's EventFactory.createHandoffInitiation builds, field for field. Built
 * here because EventFactory looks the server's time zone up through a new Intl formatter on every
 * call (dayjs.tz.guess), a third of a millisecond each time; the zone does not change while the
 * server runs.
 */
function handoffInitiation(context: TurnContext, value: unknown, activities: Partial<Activity>[]): Partial<Activity> {
  const { activity } = context;
  return {
    type: ActivityTypes.Event,
    name: HandoffEventNames.InitiateHandoff,
    value,
    id: randomUUID(),
    timestamp: new Date(),
    localTimezone: (LOCAL_TIMEZONE ??= Intl.DateTimeFormat().resolvedOptions().timeZone),
    conversation: activity.conversation,
    attachments: [{ content: { activities }, contentType: 'application/json', name: 'Transcript' }],
    entities: [],
    from: activity.from,
    relatesTo: TurnContext.getConversationReference(activity) as Activity['relatesTo'],
    replyToId: activity.id,
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
  };
}

let LOCAL_TIMEZONE: string | undefined;

const statusSchema = z.object({ state: z.enum(['accepted', 'failed', 'completed']), message: z.string().max(2000).optional() });

/** Handles handoff.status events from a hub: accepted and failed are recorded; completed ends the handoff. */
export function handoffStatusHandler(lifecycle: HandoffLifecycle, logger: Logger): EventHandler {
  return async (context) => {
    const parsed = statusSchema.safeParse(context.activity.value);
    if (!parsed.success) {
      logger.warn({ conversation: context.activity.conversation?.id }, 'handoff.status event with an invalid value ignored');
      return;
    }
    const updated = await lifecycle.hubStatus(context.activity.conversation.id, parsed.data.state, parsed.data.message);
    if (updated && parsed.data.state === 'completed') await sendInTurn(context, hubCompletedMessage(updated));
  };
}
