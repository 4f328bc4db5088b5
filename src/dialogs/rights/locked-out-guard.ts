import type { TurnContext } from 'botbuilder';
import { REQUEST_TYPE_LABEL } from '../../services/privacy/requests/request-record';
import { getClassification } from '../classification';
import { conversationData } from '../conversation-data';
import { userIdOf } from '../identity';
import { aboutMinutes, withReceipt, type RightsDialogDeps } from './rights-deps';
import { asksForANewCode } from './verify-identity-dialog';

const RIGHTS_REQUESTS: ReadonlySet<string> = new Set(['data_access', 'data_correction', 'data_deletion', 'opt_out']);

/**
 * "Send a new code" after too many wrong codes closed the request: no code prompt is open any more,
 * so the router found nothing it could help with. The user is told the request was closed, why,
 * and how to start again. A new data request ("show me my data") is left to the router.
 */
export function lockedOutGuard(deps: RightsDialogDeps) {
  return async (context: TurnContext): Promise<boolean> => {
    const text = context.activity.text ?? '';
    if (!/\bcodes?\b/i.test(text) || !asksForANewCode(text)) return false;
    const requestId = (await conversationData(deps.conversationData, context)).lockedOutRequest;
    const classification = getClassification(context);
    if (!requestId || (classification && !classification.ambiguous && RIGHTS_REQUESTS.has(classification.intent))) return false;
    const userId = userIdOf(context.activity);
    const request = await deps.services.requests.get(userId, requestId);
    if (!request) return false;
    const wait = await deps.services.verification.lockedFor(userId);
    const when = wait > 0 ? `For your safety, codes are paused for about ${aboutMinutes(wait)}; after that, ask` : 'You can ask';
    await context.sendActivity(
      withReceipt(
        `I closed request ${request.id} (${REQUEST_TYPE_LABEL[request.type]}) after too many wrong codes, so there is no code to send for it. ` +
          `${when} again and I'll open a new request and send a new code, or write to ${deps.privacyContact}.`,
        request,
      ),
    );
    return true;
  };
}
