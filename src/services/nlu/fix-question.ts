// "do you fix iphones", "do you guys fix printers?", "can u help with tvs": whether we help with a kind
// of device at all, no fault told yet. The model read them as out of scope or a privacy question (the
// "do you ..." of "do you sell my data"); a device named makes them a question about its problems.

const WE = String.raw`(?:you|u|ya|yall|y'all)(?:\s+(?:guys|all|people|folks))?`;
const FIX = String.raw`(?:fix|repair|help(?:\s+(?:me\s+)?with)?|support|service|do|work\s+on|handle|deal\s+with|sort\s+out)`;
const ASKS_WHETHER_WE_FIX = new RegExp(String.raw`^\W*(?:(?:hi|hey|hello)\W+)?(?:do|can|could|will|would)\s+${WE}\s+(?:also\s+)?${FIX}\b`, 'i');

/** Whether the message asks if we fix or help with something ("do you fix iphones"), at its start. */
export function asksWhetherWeFix(text: string): boolean {
  return ASKS_WHETHER_WE_FIX.test(text.replace(/['’]/g, "'"));
}
