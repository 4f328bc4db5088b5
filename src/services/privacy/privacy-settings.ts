import type { ConsentLedger } from './consent-ledger';
import { OPT_IN_PURPOSES } from './requests/opt-in';
import { isOn, type ChoicePurpose } from './requests/purposes';

/** Where one of the user's choices stands: `since` is when they last decided it, if they ever did (see isOn). */
export interface PurposeSetting {
  purpose: ChoicePurpose;
  on: boolean;
  since?: string;
}

/**
 * The user's current choice for each purpose they can switch off and on in the chat, from their
 * latest decisions (isOn: never decided, each of them is on).
 */
export async function privacySettings(consents: Pick<ConsentLedger, 'current'>, userId: string): Promise<PurposeSetting[]> {
  const current = await consents.current(userId);
  return OPT_IN_PURPOSES.map((purpose) => {
    const decision = current[purpose];
    return { purpose, on: isOn(purpose, decision), ...(decision ? { since: decision.at } : {}) };
  });
}
