import type { TurnContext } from 'botbuilder';
import { asksToStopRemoteAccess } from '../../services/privacy/remote-access';
import { isExplicitObjection } from '../../services/privacy/requests/purposes';
import { getClassification, setClassification } from '../classification';

/**
 * "I object to you using my diagnostics", "I withdraw my consent to recording": the words of an
 * objection or a consent withdrawal about a purpose we know are unmistakable, whatever the
 * router made of them, so they go to the opt-out dialog (P11: as easy as giving consent). The
 * guard only relabels the turn and never handles it, so a technician-owned conversation and the
 * remote-access revocation ("stop the remote session") keep their own handling.
 */
export async function objectionGuard(context: TurnContext): Promise<boolean> {
  const classification = getClassification(context);
  const text = context.activity.text ?? '';
  if (!classification || classification.intent === 'opt_out') return false;
  if (asksToStopRemoteAccess(text) || !isExplicitObjection(text)) return false;
  setClassification(context, { ...classification, intent: 'opt_out', confidence: Math.max(classification.confidence, 0.9), ambiguous: false });
  return false;
}
