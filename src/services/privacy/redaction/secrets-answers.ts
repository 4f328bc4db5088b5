// Security-question answers and one-time codes: both unlock an account, so both are secrets.
import { before, CLAUSE_WORDS, isPlaceholder, NOT_IN_ADDRESS, spansOf, trimValueEnd, type DetectContext } from './scan';
import type { Span } from './types';

const L = String.raw`(?<![\p{L}\p{N}])`;

const QUESTION = String.raw`(?:(?:mother|mom|mum|mama)[’']?s\s+maiden\s+name|maiden\s+name|(?:name\s+of\s+(?:my|your|the)\s+)?first\s+(?:pet|dog|cat|car|school|teacher|boss|job|employer|girlfriend|boyfriend|crush|concert|street|love)(?:[’']?s\s+name|\s+name|\s+model)?|(?:city|town|hospital)\s+(?:(?:where|that)\s+)?(?:i|you)\s+(?:was|were)\s+born(?:\s+in)?|(?:city|town)\s+of\s+birth|street\s+(?:i|you)\s+grew\s+up\s+on|favou?rite\s+(?:teacher|food|movie|film|book|colou?r|sports?\s+team|band|childhood\s+friend|place|singer|animal)|childhood\s+(?:best\s+friend|nickname|hero|street)|(?:high|elementary|primary)\s+school\s+(?:mascot|name)|(?:security|secret)\s+(?:question\s+)?answer|answer\s+to\s+(?:my|the|your)\s+(?:security|secret)\s+question|memorable\s+(?:word|info(?:rmation)?|phrase|date|name|place)|(?:security|secret)\s+question[^.!?\n\[\]]{0,30}?(?<![\p{L}])answer)`;

// "first pet was called Rex": "called" says the name comes, and stays as written.
const ANSWER = new RegExp(
  `${L}${QUESTION}(?:\\s+(?:(?:is|was|would\\s+be)(?:\\s+(?:called|named))?|=|called|named)\\s*:?|\\s*[:=]|\\s+[-–])\\s*(?<v>[^\\s.,;!?]{1,40}(?:[ \\t]+[^\\s.,;!?]{1,40}){0,3})`,
  'giud',
);

// "mother's maiden name Kowalski", "secret answer pickle": the answer typed straight after the question, with
// no "is" or ":". Only the questions whose words never go on about something else ("maiden name field").
const BARE_QUESTION = String.raw`(?:(?:mother|mom|mum|mama)[’']?s\s+maiden\s+name|maiden\s+name|first\s+(?:pet|dog|cat)(?:[’']?s)?\s+name|(?:security|secret)\s+(?:question\s+)?answer|memorable\s+(?:word|info(?:rmation)?|phrase))`;
const ANSWER_BARE = new RegExp(`${L}${BARE_QUESTION}\\s+(?<v>[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]{1,39})`, 'giud');
// Words that go on talking about the question rather than answering it.
const NOT_AN_ANSWER = /^(?:is|was|question|questions|field|box|prompt|section|page|option|setting|wrong|incorrect|right|correct|not|no|doesn[’']?t|isn[’']?t|didn[’']?t|won[’']?t|keeps|still|for|on|in|of|to|and|or|but|so|because|when|that|which|the|a|an|i|my|it|please|thanks|again|anymore|changed|reset|forgotten|either|though)$/i;
// "the answer is fluffy for the security question": the answer before the question it belongs to.
const ANSWER_BEFORE_QUESTION = new RegExp(
  `${L}answer\\s+(?:is|was)\\s+(?<v>[^\\s.,;!?]{1,40}(?:[ \\t]+[^\\s.,;!?]{1,40}){0,2}?)\\s+(?:for|to|on)\\s+(?:my|the|your)\\s+(?:security|secret)\\s+question`,
  'giud',
);

// "the security question is where was i born, london": the question asked in its own words, then the answer after a
// comma, colon, dash or question mark.
const ASKED_THEN_ANSWER = new RegExp(
  `${L}(?:security|secret)\\s+question\\s+(?:is|was|says|asks)?\\s*:?\\s*["“']?(?:where|what|who|which|when|whats|what[’']s|in\\s+what|name)(?![\\p{L}])[^.!?\\n,;:"”]{3,60}?["”']?\\s*(?:[,:–-]|\\?)\\s*(?<v>[^\\s.,;!?]{1,40}(?:[ \\t]+[^\\s.,;!?]{1,40}){0,3})`,
  'giud',
);

export function detectSecurityAnswers(text: string, _ctx: DetectContext): Span[] {
  return [
    ...spansOf(ANSWER_BARE, text, 'security_answer', (value, start, end) => {
      if (isPlaceholder(value) || NOT_AN_ANSWER.test(value)) return false;
      const e = trimValueEnd(text, start, end);
      // A lower-case word is taken only where the clause ends with it ("secret answer pickle"), not in
      // "maiden name change request"; a capitalised one is a name whatever follows.
      const endsClause = /^\s*(?:$|[.,;!?)\n])/.test(text.slice(e));
      return e > start && (/^[\p{Lu}\p{N}]/u.test(value) || endsClause) && [start, e];
    }),
    ...spansOf(ANSWER_BEFORE_QUESTION, text, 'security_answer', (value) => !isPlaceholder(value) && !NOT_AN_ANSWER.test(value)),
    ...labelledAnswers(text),
    // "... your first car? I dont remember": what starts a sentence of its own is no answer.
    ...clauseOf(ASKED_THEN_ANSWER, text).filter((a) => !CLAUSE_WORDS.test(firstWord(text, a)) && !NOT_AN_ANSWER.test(firstWord(text, a))),
  ];
}

function labelledAnswers(text: string): Span[] {
  return clauseOf(ANSWER, text);
}

const firstWord = (text: string, a: Span): string => text.slice(a.start, a.end).split(/\s/)[0] ?? '';

// "Smith the SSID is ...", "Smith the screen says ...": a determiner whose noun is followed by a verb starts a new
// sentence, so the answer ends before it. Without this the answer takes the next sentence's subject, and a second
// redaction reads the now subject-less "[removed] is R2D2&C3PO" as a password: redacting twice must change nothing.
const DETERMINER = /^(?:the|a|an|this|that|his|her|their|our|your)$/i;
const VERB = /^(?:is|was|are|were|says|said|shows|showed|reads|displays|displayed)$/i;
const startsSentence = (words: string[], i: number): boolean => DETERMINER.test(words[i]) && words.slice(i + 1, i + 4).some((w) => VERB.test(w));

/** The answer `re` finds, up to the word that starts a new clause. */
function clauseOf(re: RegExp, text: string): Span[] {
  return spansOf(re, text, 'security_answer', (value, start) => {
    if (isPlaceholder(value)) return false;
    let end = start;
    let offset = 0;
    const parts = value.split(/([ \t]+)/);
    // The words after the value too: its last word may be the subject of a verb just past it.
    const words = text.slice(start).split(/[ \t]+/, parts.length + 3);
    let index = -1;
    for (const word of parts) {
      if (/^[ \t]+$/.test(word)) {
        offset += word.length;
        continue;
      }
      index++;
      if (offset > 0 && (CLAUSE_WORDS.test(word) || startsSentence(words, index))) break;
      offset += word.length;
      end = start + offset;
    }
    end = trimValueEnd(text, start, end);
    return end > start && [start, end];
  });
}

// "code" preceded by one of these is an error/status/product code, not a one-time code.
const NOT_OTP_BEFORE = /(?:error|pin|status|exit|stop|fault|bug|event|return|response|http|manager|zip|postal|post|area|country|dial|promo|promotional|discount|coupon|product|model|part|region|reason|bar|qr|source|sample|gift|voucher|referral|tracking|access\s+point|fw|firmware|building|door|gate|alarm)\s*$/i;

const OTP_WORDS = String.raw`(?:verification|verify|one[- ]time|otp|security|auth(?:entication|enticator)?|2fa|mfa|two[- ]factor|login|log[- ]in|sign[- ]?in|confirmation|confirm|access|sms|text|reset|6[- ]digit|six[- ]digit|\d[- ]digit)`;
const FILLER = String.raw`(?:\s+(?:from|in|on|you|they|that|i|the|my|your|sent|got|received|texted|emailed|email|text|sms|message|app|authenticator|phone|bank|google|microsoft|apple|just|me|to|was|has|have|been|it|they've|you've|i've|came|comes|by|via|over|through))`;
// A code read out in pairs or digit by digit: "48 29 13", "4 8 2 9 1 3". Groups of one length only, so "code 10 20 30"
// needs two-digit groups and "error 5 10" is not one. An odd last digit set off the same way ("48 29 13 5") is the
// end of the code: left behind it would give the code away.
const SPACED_CODE = String.raw`\d{2}(?:[ -]\d{2}){1,3}(?:(?<= \d{2}) \d(?!\d)|(?<=-\d{2})-\d(?!\d))?|\d(?:[ -]\d){3,7}`;
// A code read out in threes, with a short tail set off the same way ("482 913 5", "482 913 55", "482-913-551"),
// or in fours ("4829 1355"): what is left behind gives part of the code away.
const THREES = String.raw`\d{3}(?:[ -]\d{3}){1,2}(?:(?<= \d{3}) \d{1,2}(?!\d)|(?<=-\d{3})-\d{1,2}(?!\d))?|\d{4}[ -]\d{4}(?!\d)`;
// A number followed by a unit counts or measures something ("otp 48 29 13 5 mins ago", "55 times"): the code ends before it.
const NOT_A_COUNT = String.raw`(?!\s*(?:times?|x|mins?|minutes?|secs?|seconds?|hours?|hrs?|days?|weeks?|tries|attempts?|ms|%|percent)(?![\p{L}])${NOT_IN_ADDRESS})`;
const OTP_CONTEXT = new RegExp(
  `${L}(?:${OTP_WORDS}\\s+)?(?:code|pin|password|passcode)${FILLER}{0,6}(?:\\s+(?:is|was|=)|\\s*[:=#])?\\s*(?:is\\s+)?(?<v>${THREES}|\\d{4,8}|${SPACED_CODE})${NOT_A_COUNT}(?![\\d.,:/]\\d|\\d)`,
  'giud',
);
const OTP_WORD_DIRECT = new RegExp(`${L}(?:otp|2fa|mfa|one[- ]time\\s+(?:code|password|passcode|pin))\\s*(?:is|was|:|=)?\\s*(?<v>${THREES}|\\d{4,8}|${SPACED_CODE})${NOT_A_COUNT}(?!\\d)`, 'giud');
// "1603 is the code it shows" is a fault the device reports, and "E-1234" or "error 1603" is named as one: kept.
const SHOWN = String.raw`\s+(?:(?:that|which)\s+)?(?:it|they|the\s+[\p{L}-]{1,20}|i|we)\s+(?:shows?|showed|showing|displays?|displayed|gives?|gave|throws?|threw|flashes|flashed|says|said|reports?|reported|returns?|returned|beeps?|blinks?|get|got|keep\s+getting|see|saw)(?![\p{L}])|\s+(?:on|in)\s+the\s+(?:screen|display|log|logs|panel|event\s+viewer)`;
// "the printer says 1603 is the code": a device that reports the number names its fault. Not a phone, an app, a text or
// an email: "the app says 482913 is your code" is the one-time code itself.
const DEVICE_SAYS = /(?:printer|scanner|router|modem|computer|laptop|pc|tv|console|machine|installer|setup|panel|display|logs?|error\s+message|dialog|window|pop-?up|thermostat|camera|boiler|washer|dryer|dishwasher|fridge)\s+(?:says|said|shows|showed|displays|displayed|reads|reports|reported|gives|gave|throws|threw|flashes|flashed)\s*:?\s*$/i;
const OTP_REVERSED = new RegExp(
  `(?<![\\p{L}\\p{N}-])(?<v>\\d{4,8}|\\d{3}[ -]\\d{3})\\s+(?:is|was)\\s+(?:my|the|your)\\s+(?:${OTP_WORDS}\\s+)?code(?![\\p{L}])(?!${SHOWN})`,
  'giud',
);
// Recovery and backup codes get anyone past two-step sign-in: "recovery code 1234-5678-9012",
// "backup codes: 84729 12345". All the groups are taken (one code is often written in several), and each
// must hold a digit, so "recovery code from Microsoft" stays. A listed run goes whole: "84729 12345 and
// 11111", one code a line; an error code or KB article after "and" is not one of them.
const RECOVERY_GROUP = String.raw`(?!0x|KB\d)(?=[A-Za-z]{0,11}\d)[A-Za-z0-9]{4,12}`;
const RECOVERY_JOIN = String.raw`\s*[,;/]\s*(?:(?:and|or|&)\s+)?|\s+(?:and|or|&)\s+|[ \t]*\n[ \t]*|[ \t-]`;
const RECOVERY_CODES = new RegExp(
  `${L}(?:recovery|backup|back-up|rescue|emergency|scratch)\\s+(?:codes?|keys?)(?:\\s+(?:is|are|was|were))?\\s*[:=]?\\s*(?<v>${RECOVERY_GROUP}(?:(?:${RECOVERY_JOIN})${RECOVERY_GROUP}){0,15})(?![\\p{L}\\p{N}])`,
  'giud',
);
// "they texted me 482913", "got a text with 482913": a code that came by text needs no word "code". An email or
// "sent me" carries other numbers too, so only a six-digit code counts there.
const CODE_VALUE = String.raw`(?<v>\d{4,8}|\d{3}[ -]\d{3})(?![\d.,:/]\d|\d)`;
const SIX_DIGITS = String.raw`(?<v>\d{6}|\d{3}[ -]\d{3})(?![\d.,:/]\d|\d)`;
const OTP_TEXTED = new RegExp(
  `${L}(?:(?:texted|txted|sms(?:'?e?d)?)\\s+(?:(?:me|us)\\s+)?(?:(?:a|the|this)\\s+)?|(?:text|sms)(?:\\s+message)?\\s+(?:said|says|with|reads|read)\\s+:?\\s*)${CODE_VALUE}`,
  'giud',
);
const OTP_SENT = new RegExp(
  `${L}(?:(?:sent|emailed|messaged)\\s+(?:me|us)\\s+(?:(?:a|the|this)\\s+)?|(?:email|message)\\s+(?:said|says|with|reads|read)\\s+:?\\s*)${SIX_DIGITS}`,
  'giud',
);
// "i got 482913 in a text", "482913 is what they texted me": the code given before how it came. By text any code
// counts; by email, which carries other numbers too, only six digits.
const GOT = String.raw`${L}(?:got|get|received|receive|recieved)\s+`;
const ARTICLE = String.raw`\s+(?:in|by|via|through|over|from)\s+(?:(?:a|an|the|their|your)\s+)?`;
const OTP_CAME_BY_TEXT = new RegExp(`${GOT}${CODE_VALUE}${ARTICLE}(?:text|txt|sms)(?![\\p{L}])`, 'giud');
const OTP_CAME_BY_MAIL = new RegExp(`${GOT}${SIX_DIGITS}${ARTICLE}(?:e-?mail|mail|message)(?![\\p{L}])`, 'giud');
const OTP_WHAT_CAME = new RegExp(
  `${L}${CODE_VALUE}\\s+(?:is|was)\\s+what\\s+(?:[\\p{L}'’-]{1,20}\\s+){1,2}?(?:texted|txted|sms(?:'?e?d)?|sent|emailed|messaged)(?![\\p{L}])`,
  'giud',
);
const GOOGLE_STYLE = /(?<![A-Za-z0-9-])(?<v>G-\d{6})(?!\d)/gd;
const BARE_REPLY = /^\s*(?:(?:it'?s|code|here)\s*:?\s*)?(?<v>\d{6}|\d{3}[ -]\d{3})\s*[.!]?\s*$/id;

export function detectOtps(text: string, ctx: DetectContext): Span[] {
  // The bot's own verification code is six digits; while it waits for it, that answer is not a leak.
  const notOwnCode = (value: string): boolean => !(ctx.expectingOtp && value.replace(/\D/g, '').length === 6);
  const otpWordAtStart = new RegExp(`^${OTP_WORDS}`, 'i');
  return [
    ...spansOf(OTP_CONTEXT, text, 'otp', (value, _s, _e, m) => {
      const at = m.index ?? 0;
      const head = m[0].toLowerCase();
      const hasOtpWord = otpWordAtStart.test(head);
      // "the code is 4821" needs no qualifier, but "error code 1603" must not count;
      // "pin" and "password" without an OTP word are handled as passwords.
      if (!hasOtpWord && (NOT_OTP_BEFORE.test(before(text, at, 30)) || !/^code/i.test(head))) return false;
      return notOwnCode(value);
    }),
    ...spansOf(OTP_WORD_DIRECT, text, 'otp', notOwnCode),
    ...spansOf(OTP_REVERSED, text, 'otp', (value, start) => !NOT_OTP_BEFORE.test(before(text, start, 30)) && !DEVICE_SAYS.test(before(text, start, 40)) && notOwnCode(value)),
    ...spansOf(OTP_TEXTED, text, 'otp', notOwnCode),
    ...spansOf(OTP_SENT, text, 'otp', notOwnCode),
    ...spansOf(OTP_CAME_BY_TEXT, text, 'otp', notOwnCode),
    ...spansOf(OTP_CAME_BY_MAIL, text, 'otp', notOwnCode),
    ...spansOf(OTP_WHAT_CAME, text, 'otp', notOwnCode),
    ...spansOf(GOOGLE_STYLE, text, 'otp', notOwnCode),
    // Taken even while the bot waits for its own code: that one is never called a recovery or backup code.
    ...spansOf(RECOVERY_CODES, text, 'otp'),
    ...spansOf(BARE_REPLY, text, 'otp', notOwnCode),
  ];
}
