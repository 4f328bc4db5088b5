/**
 * What a tech-support scam victim tells of, each part with its own urgent step: the fake call or
 * pop-up ("a pop up said to call microsoft": don't call), card or bank details given (call the
 * bank), someone else asking to get into the computer ("they want to connect to my computer":
 * don't let them), or already in it (disconnect it); never our remote-access consent.
 */
export type ScamPart = 'support' | 'payment' | 'wants' | 'remote';

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

// "they want to connect to my computer", "should i let them connect?", "let them connect to my computer":
// someone else asks to get in, not yet in. Our own remote access is asked for of us ("can you connect").
// "they want to connect to my wifi" is no one getting into the computer.
const CONNECT = String.raw`connect\b(?! (?:to|into|with) (?:the |my |our |a |any |your )?(?:wi-?fi|wireless|internet|network|router|modem|broadband|hotspot|bluetooth|printer|tv|speaker|phone)\b)`;
const LET_IN = String.raw`(?:remote(?:ly)? )?(?:${CONNECT}|(?:in|into|access|control|remote|get in|log ?in)\b)`;
const WANTS = new RegExp(
  String.raw`\b${THEY} (?:wants?|wanted|needs?|is asking|are asking|asked|asks|keeps? asking|is trying|are trying|tried)(?: me)? to (?:let (?:them|him|her) )?(?:remote(?:ly)? )?(?:${CONNECT}|(?:remote|get into|access|log ?into|take (?:control|over))\b)` +
    String.raw`|\b${THEY} (?:wants?|wanted|asked for|asks for|is asking for|are asking for) (?:remote )?(?:access|control)\b` +
    String.raw`|\b(?:should|can|could|shall|do|may|must) i (?:let|allow|give)\b (?:them|him|her|the caller|someone|somebody|a stranger) ${LET_IN}` +
    String.raw`|^(?:let|allow) (?:them|him|her|the caller|someone|somebody|a stranger) ${LET_IN}`,
);

/** The parts of a tech-support scam the message tells of, in the order their advice is given. */
export function scamPartsIn(text: string): ScamPart[] {
  const plain = text.toLowerCase().replace(/[’‘`´']/g, '').trim();
  const parts: [ScamPart, RegExp][] = [['support', SUPPORT], ['payment', PAYMENT], ['wants', WANTS], ['remote', REMOTE]];
  const told = parts.filter(([, re]) => re.test(plain)).map(([part]) => part);
  // "should i let them connect?" asks before they are in: not yet the computer to cut off.
  return told.includes('wants') ? told.filter((part) => part !== 'remote') : told;
}
