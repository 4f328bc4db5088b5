import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { userIdOf } from '../../dialogs/identity';
import { REVOCATION_TURN_KEY, REVOKED_TEXT, type RevocationMark } from '../../dialogs/privacy/remote-access-dialog';
import { message } from '../../dialogs/wire';
import { asksToStopRemoteAccess, endsRemoteSessionIfGranted, type RemoteAccessConsent } from '../../services/privacy/remote-access';
import type { TurnGuard } from '../helpline-bot';

export interface RemoteAccessRevocationOptions {
  remoteAccess: RemoteAccessConsent;
  /** Tells the technician side at once (e.g. end the live session in the console). */
  onRevoked?: (revocation: { userId: string; conversationId: string }) => Promise<void>;
}

/**
 * "Stop the remote session" must work at any moment (P6), including while a technician owns the
 * conversation and the bot's dialogs never see the message. So the withdrawal is recorded here,
 * before the handoff relay; the confirmation is given by the guard below or the dialog.
 */
export class RemoteAccessRevocationMiddleware implements Middleware {
  constructor(private readonly options: RemoteAccessRevocationOptions) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const text = activity.type === ActivityTypes.Message ? (activity.text ?? '') : '';
    const explicit = asksToStopRemoteAccess(text);
    if (explicit || endsRemoteSessionIfGranted(text)) {
      const userId = userIdOf(activity);
      const revoked = (await this.options.remoteAccess.latestDecision(userId))?.granted === true;
      if (revoked) {
        const conversationId = activity.conversation.id;
        await this.options.remoteAccess.refuse({ userId, conversationId, channel: activity.channelId ?? 'unknown', source: 'revocation' });
        await this.options.onRevoked?.({ userId, conversationId });
      }
      // With no yes standing, "disconnect" or "end the session" is about something else: nothing to confirm.
      if (revoked || explicit) context.turnState.set(REVOCATION_TURN_KEY, { revoked, confirmed: false } satisfies RevocationMark);
    }
    await next();
  }
}

/**
 * Confirms a withdrawal the middleware recorded when the bot (not a technician) handles the
 * turn. It never ends the turn: a prompt that was waiting keeps waiting. Register it after the
 * technician-ownership guard, so the bot stays silent while a technician owns the conversation.
 */
export function createRevocationConfirmGuard(): TurnGuard {
  return async (context) => {
    const mark = context.turnState.get(REVOCATION_TURN_KEY) as RevocationMark | undefined;
    if (mark?.revoked && !mark.confirmed) {
      await context.sendActivity(message(REVOKED_TEXT));
      context.turnState.set(REVOCATION_TURN_KEY, { ...mark, confirmed: true });
    }
    return false;
  };
}
