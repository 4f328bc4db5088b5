import type { TurnGuard } from '../../bots/helpline-bot';
import { asksToStopRemoteAccess } from '../../services/privacy/remote-access';
import { asksToStopContact, isExplicitObjection, isExplicitOptIn } from '../../services/privacy/requests/purposes';
import { dataRequestBesideOptOut, getClassification, setClassification } from '../classification';

/**
 * "I object to you using my diagnostics", "I withdraw my consent to recording", "I keep getting
 * texts from you, stop it": the words of an objection, a consent withdrawal or a complaint about
 * our marketing contact are unmistakable, whatever the router made of them, so they go to the
 * opt-out dialog (P11: as easy as giving consent). A security report ("I keep getting emails
 * from you asking for my password") stays one. So does an unmistakable opt-in ("start recording my
 * chats again" reads as privacy_info): the opt-out dialog hands it to the opt-in. The guard only relabels the turn and never
 * handles it, so a technician-owned conversation and the remote-access revocation ("stop the
 * remote session") keep their own handling. `company` is the policy's company.name: "texts from
 * brightside" are ours.
 */
export function objectionGuard(company?: string): TurnGuard {
  return async (context) => {
    const classification = getClassification(context);
    const text = context.activity.text ?? '';
    // "Delete my data and stop emailing me": the main dialog does both; relabelled, the deletion was lost.
    // An opt-out the router was unsure of ("why do you keep emailing me?? i unsubscribed already":
    // opt-out or a privacy question?) is settled by the same unmistakable words.
    // "record again please" can read as a data request beside an opt-out; its opt-in words settle it.
    if (!classification || (classification.intent === 'opt_out' && !classification.ambiguous) || (dataRequestBesideOptOut(classification) && !isExplicitOptIn(text))) return false;
    if (classification.security || asksToStopRemoteAccess(text) || !(isExplicitObjection(text) || asksToStopContact(text, company) || isExplicitOptIn(text))) return false;
    setClassification(context, { ...classification, intent: 'opt_out', confidence: Math.max(classification.confidence, 0.9), ambiguous: false });
    return false;
  };
}
