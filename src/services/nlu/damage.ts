/**
 * Physical damage told in a message: liquid in a device ("i spilled coffee on my laptop", "my
 * phone fell in the toilet") or broken glass ("my screen is cracked"). No guide fixes these, and
 * the guides their other words match would do harm (switching a wet laptop on to test it) or waste
 * the user's time (a cracked screen walked through "won't turn on"): the troubleshooting dialog
 * gives the safe first steps and offers a technician instead.
 */
export type Damage = 'liquid' | 'impact';

const DRINKS = '(?:water|coffee|tea|juice|wine|beer|soda|coke|milk|drink|liquid|a drink|a glass of \\w+|a cup of \\w+)';
const WET_PLACES = '(?:water|the water|the toilet|a toilet|toilet|the pool|a pool|pool|the sink|a sink|sink|the bath|a bath|bath|the bathtub|the sea|the lake|a puddle|puddle|a river|the river|the washing machine|the washer)';
const LIQUID = new RegExp(
  [
    `\\bspill(?:ed|t|s|ing)?\\b`,
    `\\bwater ?damage(?:d)?\\b`,
    `\\b(?:got|gotten|is|was|it'?s|its|very|all) (?:soaking )?wet\\b`,
    `\\b(?:soaked|drenched|submerged)\\b`,
    `\\b(?:fell|dropped|dropt|drop|fallen|went|dunked|it) (?:it |my \\w+ )?(?:in|into|in to) ${WET_PLACES}\\b`,
    `\\b${DRINKS} (?:on|over|in|into|all over) (?:it|my|the)\\b`,
  ].join('|'),
  'i',
);
// Broken glass or a bent body, in so many words: not "my screen is broken" (as often a black screen).
const IMPACT = /\b(?:crack(?:ed|s)?|smash(?:ed)?|shatter(?:ed|s)?|snapped|bent)\b/i;
// "my screen cracked when it fell, is that covered?": a question about cover goes to billing as before.
const ASKS_ABOUT_COVER = /\b(?:warranty|guarantee|insurance|covered|cover it|refund)\b/i;

export function physicalDamageIn(text: string): Damage | undefined {
  if (ASKS_ABOUT_COVER.test(text)) return undefined;
  if (LIQUID.test(text)) return 'liquid';
  if (IMPACT.test(text)) return 'impact';
  return undefined;
}
