// Access codes: the code that opens a door, gate, garage, alarm or lockbox lets anyone in, so it goes like a PIN.
import { before, NOT_IN_ADDRESS, spansOf, type DetectContext } from './scan';
import type { Span } from './types';

const L = String.raw`(?<![\p{L}\p{N}])`;
const R = String.raw`(?![\p{L}\p{N}])`;
// What the code opens. Not "building code" (the regulations) nor "access code" (a one-time code, secrets-answers.ts).
const OPENS = String.raw`(?:(?:front|back|side|garage|main|patio|apartment|building|house)\s+)?(?:door|gate|garage|alarm|keypad|lock\s?box|key\s?box|key\s?safe|safe|buzzer|intercom|entry|entrance|padlock|disarm)`;
const PLACE = String.raw`(?:(?:my|the|our|your|his|her|their|this)\s+)?(?:[\p{L}'’-]{1,20}\s+)?(?:house|home|flat|apartment|building|door|gate|garage|alarm|lock\s?box|key\s?box|safe|shed|office|unit|condo|place)`;
/** "door code", "alarm combination", "the code to my house", "code for getting into the building". */
export const ACCESS_CODE_NAME = String.raw`(?:${OPENS}\s+(?:access\s+|entry\s+|security\s+|lock\s+)?(?:code|combination|combo)|(?:code|combination|combo)\s+(?:to|for|of|on)\s+(?:get(?:ting)?\s+(?:in(?:to)?|through)\s+)?${PLACE})${R}`;
// The digits straight after the name ("gate code 1234"), after ":" or "#", or after "is" with up to four words
// between ("the door code at my mum's house is 4321", "the gate code for unit 4 is 1234"). Only digits are
// taken, so "the gate code for unit 4 is broken" stays.
const ACCESS_CODE = new RegExp(
  `${L}${ACCESS_CODE_NAME}(?:(?:\\s+(?!is${R}|was${R})[^\\s:=#\\[\\]]{1,30}){0,4}?\\s+(?:is|was|=)|\\s*[:=#-])?\\s*(?<v>\\d{4,12})(?![\\p{L}\\p{N}])`,
  'giud',
);

// "1234 is the door code", "5521 was our garage code": the digits named after they are given, in the same clause.
// Only a whole run of four digits or more that no letter, "-" or "." touches ("E-1234", "192.168.1.1" are something
// else), and the name must be one of what the code opens, so "error 5 is the code it shows" stays.
const ACCESS_CODE_REVERSED = new RegExp(
  `(?<![\\p{L}\\p{N}.-])(?<v>\\d{4,12})\\s+(?:is|was|will\\s+be|should\\s+be)\\s+(?:(?:my|the|our|your|his|her|their)\\s+)?(?:(?:new|old|current|[\\p{L}-]{1,20}[’']s)\\s+)?${ACCESS_CODE_NAME}`,
  'giud',
);
// "the alarm keypad takes 2580", "the gate opens with 1234": what the keypad is given, with no word "code". Only digits,
// and not a number with a unit or a word that makes it a measure or a setting ("the safe takes 2000 watts", "the alarm
// takes 2580 ms to arm", "is set to 2024 mode", "30 percent"; "the keypad takes 4 AA batteries" has too few digits anyway).
const ACCESS_CODE_TAKES = new RegExp(
  `${L}${OPENS}(?:\\s+(?:pad|panel|keypad))?\\s+(?:takes|accepts|wants|needs|uses|opens\\s+(?:with|to|on)|unlocks\\s+(?:with|to|on)|disarms\\s+(?:with|to|on)|is\\s+set\\s+to|was\\s+set\\s+to)\\s+(?:(?:the\\s+)?(?:code|number|combination|combo|digits)\\s+)?(?<v>\\d{4,12})(?![\\p{L}\\p{N}])(?!\\s*(?:watts?|w|volts?|v|amps?|mah|ms|msecs?|millis(?:econds?)?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|times|x|%|percent|per\\s+cent|pct|degrees?|°|db|decibels?|hz|rpm|modes?|settings?|levels?|delay|models?|series|version|edition|remotes?|batter(?:y|ies))${R}${NOT_IN_ADDRESS})`,
  'giud',
);

// A code number before these is the fault it stands for: "error 1234 is the door code it shows" is the panel's error.
const ERROR_BEFORE = /(?:error|fault|status|event|exit|stop)\s*(?:code\s*)?[:#]?\s*$/i;

export function detectAccessCodes(text: string, _ctx: DetectContext): Span[] {
  return [
    ...spansOf(ACCESS_CODE, text, 'password'),
    ...spansOf(ACCESS_CODE_TAKES, text, 'password'),
    ...spansOf(ACCESS_CODE_REVERSED, text, 'password', (_v, start) => !ERROR_BEFORE.test(before(text, start, 20))),
  ];
}
