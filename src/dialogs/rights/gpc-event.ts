import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { ConsentPurpose } from '../../services/privacy/consent-ledger';
import { isOn } from '../../services/privacy/requests/purposes';
import { conversationData } from '../conversation-data';
import { userIdOf } from '../identity';
import { withReceipt, type RightsDialogDeps } from './rights-deps';

export const GPC_EVENT = 'helpline.gpc';

const gpcValueSchema = z.object({ gpc: z.literal(true) }).passthrough();
const GPC_PURPOSES: ConsentPurpose[] = ['third_party_sharing', 'marketing_email', 'marketing_phone'];

export interface GpcDeps extends Pick<RightsDialogDeps, 'services' | 'conversationData'> {
  /** While a technician owns the conversation the bot says nothing of its own; the opt-out still applies. */
  technicianOwns?: (context: TurnContext) => Promise<boolean>;
}

/**
 * The widget's Global Privacy Control signal (P17): { type: 'event', name: 'helpline.gpc',
 * value: { gpc: true } } counts as an opt-out of third-party sharing and marketing. Applied once
 * (per conversation, and not again for purposes the user already turned off) and confirmed briefly.
 */
export function createGpcHandler(deps: GpcDeps): (context: TurnContext) => Promise<void> {
  return async (context) => {
    if (!gpcValueSchema.safeParse(context.activity.value).success) return;
    const data = await conversationData(deps.conversationData, context);
    if (data.gpcApplied) return;
    data.gpcApplied = true;
    const userId = userIdOf(context.activity);
    const current = await deps.services.consents.current(userId);
    const purposes = GPC_PURPOSES.filter((p) => isOn(p, current[p]));
    if (purposes.length === 0) return;
    const result = await deps.services.optOuts.apply({
      userId,
      conversationId: context.activity.conversation.id,
      channel: context.activity.channelId,
      purposes,
      source: 'gpc signal',
    });
    if (deps.technicianOwns && (await deps.technicianOwns(context))) return;
    await context.sendActivity(
      withReceipt(
        "Your browser sent a Global Privacy Control signal, so I've turned off sharing your information with third parties and marketing emails, calls and texts. " +
          `Receipt: request ${result.request.id}.`,
        result.request,
      ),
    );
  };
}
