/**
 * What a tech-support scam victim tells of, each part with its own urgent step: the fake call or
 * pop-up ("a pop up said to call microsoft": don't call), card or bank details given (call the
 * bank), someone else in the computer (disconnect it; never our remote-access consent).
 */
export type ScamPart = 'support' | 'payment' | 'remote';

const THEY = String.raw`(?:they|theyve|he|hes|she|shes|someone|somebody|the scammers?|scammers?|the caller|a stranger)(?: else)?`;
const THE_COMPUTER = String.raw`(?:my|the|our) (?:computer|pc|laptop|mac|screen|mouse)`;
const SUPPORT = new RegExp(
  String.raw`\b(?:call|phone|ring|called|phoned|calling|from|claim\w* to be(?: from)?) (?:the )?(?:microsoft|apple|windows)\b|\b(?:microsoft|apple|windows)(?: support)? (?:called|rang|phoned)\b|\bpop[- ]?ups?\b.*\b(?:infected|virus|hacked|call|number)\b|\b(?:infected|virus|hacked)\b.*\bpop[- ]?ups?\b|\b(?:tech support scam|scam call(?:er)?|fake virus|virus (?:alert|warning))\b`,
);
const PAYMENT = new RegExp(
  String.raw`\b(?:gave|given|give|told|read|sent)\b (?:them|him|her|the caller|the scammers?) (?:my |the )?(?:(?:credit |debit |bank )?card|bank|banking|account number|payment)|\b(?:paid|pay|paying) (?:them|him|her|the caller|the scammers?)\b|\bgift ?cards?\b`,
);
const REMOTE = new RegExp(
  String.raw`\b${THEY} (?:now |still |already |just )?(?:(?:has|have|had|got|gained|took|taken)\b.{0,20}?\b(?:remote (?:access|control)|(?:access to|control of) ${THE_COMPUTER})` +
    String.raw`|(?:is in|are in|remoted in(?:to)?|connected to|is controlling|are controlling|controlling|took over|taken over|got into) ${THE_COMPUTER})\b` +
    String.raw`|\b(?:gave|given|give|let|allowed)\b (?:them|him|her|the caller|the scammers?|a stranger|someone) (?:remote (?:access|control)|(?:access to|control of|into|onto|on) ${THE_COMPUTER}|(?:remote(?:ly)? )?(?:in|connect))\b`,
);

/** The parts of a tech-support scam the message tells of, in the order their advice is given. */
export function scamPartsIn(text: string): ScamPart[] {
  const plain = text.toLowerCase().replace(/[’‘`´']/g, '');
  const parts: [ScamPart, RegExp][] = [['support', SUPPORT], ['payment', PAYMENT], ['remote', REMOTE]];
  return parts.filter(([, re]) => re.test(plain)).map(([part]) => part);
}
