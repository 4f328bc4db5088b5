// Access codes: the code that opens a door, gate, garage, alarm or lockbox lets anyone in, so it goes like a PIN.
import { spansOf, type DetectContext } from './scan';
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

export function detectAccessCodes(text: string, _ctx: DetectContext): Span[] {
  return spansOf(ACCESS_CODE, text, 'password');
}
