import { isQuestion } from './question';
import { NEGATION_REACH, NEGATIVE_WORDS } from './normalize';

/**
 * Physical damage told in a message: a fire or electrical hazard ("my charger is sparking", "i smell
 * burning from the router", "my laptop battery is swollen"), liquid in a device ("i spilled coffee
 * on my laptop", "my phone fell in the toilet") or broken glass ("my screen is cracked"). No guide
 * fixes these, and the guides their other words match would do harm (plugging a sparking charger
 * back in, switching a wet laptop on to test it) or waste the user's time (a cracked screen walked
 * through "won't turn on"): the troubleshooting dialog gives the safe first steps and offers a
 * technician instead.
 */
export type Damage = 'hazard' | 'liquid' | 'impact';

/** What the hazard is, for the technician's ticket. */
export type Hazard = 'fire' | 'smoke' | 'sparks' | 'burning smell' | 'melted' | 'swelling' | 'electric shock';

// Each kind in so many words. "Fire" only as burning: a Fire TV or Fire tablet is a device. A smoke
// alarm is no smoke. "Spark" alone is also an email app, so the sparks are plural or a verb.
const HAZARDS: [Hazard, RegExp][] = [
  ['fire', /\b(?:on fire|caught fire|catch(?:es|ing)? fire|(?:start(?:s|ed|ing)?|caus(?:e|es|ed|ing)) a fire|flames?|flaming|ablaze|(?:battery|charger|plug|outlet|socket|it) (?:exploded|blew up))\b/i],
  ['smoke', /\bsmok(?:e|es|ed|ing|y)\b(?! ?(?:alarm|detector)s?\b)/i],
  ['sparks', /\b(?:spark(?:s|ed|ing)|a spark|arcing)\b/i],
  ['burning smell', /\b(?:burn(?:ing|t|ed) (?:smell|odou?r|plastic|rubber)|burn marks?|scorch\w*|smell\w*|odou?rs?|stinks?|stinking|(?:is|was|its|it's|started|starting|keeps) burning\b(?! (?:hot|up)))\b/i],
  ['melted', /\bmelt(?:s|ed|ing)?\b/i],
  ['swelling', /\b(?:swell(?:s|ed|ing)?|swollen|bulg(?:e|es|ed|ing)|puff(?:ed|y|ing)(?: up)?|ballooned)\b/i],
  ['electric shock', /\b(?:(?:electric(?:al)?|a|an) shocks?|shock(?:s|ed|ing)? (?:me|him|her|them|us|my)|(?:got|get|gets|getting) (?:shocked|zapped)|zap(?:s|ped)? (?:me|him|her|them|us|my)|electrocut\w*)\b/i],
];
// "can a laptop catch fire if left charging?": a question about what might happen, not a hazard told.
// Not "can you help, it's sparking" or "can i still use it if it's swollen?": the user asks, the hazard is there.
const MIGHT = /\b(?:can|could|will|would|might|may)\b(?! (?:you|u|i|we|someone|somebody|anyone)\b)/i;

/**
 * The fire or electrical hazard a message tells of, if any: not one negated ("there's no smoke", "it
 * doesn't smell") nor only wondered about ("could it catch fire?"). "Why does it smell of burning?" tells one.
 */
export function hazardIn(text: string): Hazard | undefined {
  const asks = isQuestion(text);
  for (const [hazard, pattern] of HAZARDS) {
    const global = new RegExp(pattern.source, 'gi');
    for (const m of text.matchAll(global)) {
      const before = text.slice(0, m.index);
      const words = before.toLowerCase().replace(/['’]/g, '').match(/[a-z0-9]+/g) ?? [];
      if (words.slice(-NEGATION_REACH).some((w) => NEGATIVE_WORDS.has(w))) continue;
      if (asks && MIGHT.test(before)) continue;
      return hazard;
    }
  }
  return undefined;
}

// "is it safe to leave my router on all night", "is it dangerous if my phone gets hot while
// charging?": a danger asked about, of power or heat. Not "is it safe to give you remote access".
const SAFETY_WORDS = /\b(?:safe|unsafe|dangerous|danger|hazard(?:ous)?|risk(?:y)?|explode|blow up)\b/i;
const POWER_OR_HEAT = /\b(?:hot|heat|warm|overheat\w*|charg\w*|batter(?:y|ies)|plugged in|plug|outlet|socket|power strip|extension lead|left on|on all night|overnight|all night)\b/i;

/**
 * A question about a fire or electrical danger that may come, not one there now: "can a laptop
 * battery catch fire?", "is it safe to charge my phone overnight?". Told one ("why does it smell of burning?") is hazardIn's.
 */
export function asksAboutSafety(text: string): boolean {
  if (!isQuestion(text) || hazardIn(text)) return false;
  return HAZARDS.some(([, pattern]) => pattern.test(text)) || (SAFETY_WORDS.test(text) && POWER_OR_HEAT.test(text));
}

// "can i keep using it if its plugged in?", "it still works tho, is that ok?", "is it ok to charge it":
// whether to go on with a device just told to be damaged.
const KEEPS_USING =
  /\b(?:keep(?:s|ing)? (?:using|it on|it plugged|charging|working)|still (?:use|using|charge|charging|works?|working|turns on)|us(?:e|ing) it|charg(?:e|ing) it|(?:turn|switch|power)(?:ing)? it (?:back )?on|plug(?:ging)? it (?:back )?in|plugged in|(?:is|isn'?t) (?:that|it|this) (?:ok|okay|fine|alright|all right|safe)|(?:ok|okay|fine|safe) to (?:use|charge|keep))\b/i;

/** A question whether a device told damaged may still be used, charged or switched on; a new hazard told with it is hazardIn's. */
export function asksToKeepUsing(text: string): boolean {
  return isQuestion(text) && !hazardIn(text) && KEEPS_USING.test(text);
}

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
  // Safety first, before any question about cover: "my battery is swollen, is that covered?" too.
  if (hazardIn(text)) return 'hazard';
  if (ASKS_ABOUT_COVER.test(text)) return undefined;
  if (LIQUID.test(text)) return 'liquid';
  if (IMPACT.test(text)) return 'impact';
  return undefined;
}
