import type { Analysis } from './analyzer';
import type { DeviceLexicon, DeviceMaker } from './content';
import type { Device, Intent } from './labels';
import { rawTokens, STOPWORDS } from './normalize';
import { SoftmaxClassifier } from './softmax';

interface Phrase {
  tokens: string[];
  device: Exclude<Device, 'none'>;
  priority: number;
  contact: boolean;
  /** Place in the lexicon, longest phrases first: the lower, the more preferred. */
  rank: number;
}

interface Hit extends Phrase {
  /** Where in the message's tokens the phrase starts. */
  at: number;
  /** How the user reached someone ("on the phone with my isp"), not what is broken: see reachedBy. */
  means: boolean;
  /** Named as not the one: "its the laptop not the printer". */
  ruledOut: boolean;
}

// In these intents "email", "phone" or "mobile" is the user's address or number, not the
// thing that is broken ("update my email", "stop texting my mobile").
const CONTACT_DATA_INTENTS = new Set<Intent>(['opt_out', 'data_access', 'data_correction', 'data_deletion', 'privacy_info', 'billing']);
// Only a problem report can leave the device implicit ("paper keeps jamming"); anywhere
// else a device the user did not name would be a guess.
const IMPLICIT_DEVICE_INTENTS = new Set<Intent>(['troubleshoot', 'human']);
const FALLBACK_MIN_PROBABILITY = 0.5;

// "over the phone", "by email", "via phone": always the way someone was reached.
const MEANS_OF = new Set(['over', 'by', 'via']);
// "on the phone", "from my mobile": the way someone was reached only with a call around it (else
// "wifi is bad on my phone" is about the phone).
const CALLED_ON = new Set(['on', 'from']);
const DETERMINERS = new Set(['the', 'my', 'a', 'our', 'his', 'her', 'their', 'your']);
// "on the phone with my isp", "on the phone to them", "on the phone for an hour".
const CALL_COMPANY = new Set(['with', 'to', 'for']);
// Said before "on the phone" when it is a call: "could not get a person on the phone", "spent ages
// on the phone", "tried calling on the phone". "The phone" is a call more often than a device.
const CALL_WORDS = new Set([
  'call', 'called', 'calling', 'rang', 'ring', 'phoned', 'dialled', 'dialed', 'talk', 'talked', 'talking', 'spoke', 'speak',
  'speaking', 'chatted', 'waited', 'waiting', 'hold', 'person', 'someone', 'somebody', 'anyone', 'anybody', 'nobody',
  'agent', 'technician', 'support', 'isp', 'provider', 'hour', 'hours', 'ages', 'minutes', 'forever',
]);
// Said before "on my phone" when it is a call: done, in the past ("called you on my phone"). Not
// "wifi calling on my phone" nor "can someone fix the wifi on my phone", where the phone is at fault.
const REACHED_WORDS = new Set(['called', 'rang', 'phoned', 'dialled', 'dialed', 'texted', 'emailed', 'messaged', 'contacted', 'talked', 'spoke']);
const CALL_WINDOW = 5;

export interface DeviceContext {
  intent: Intent;
  security: boolean;
}

/** Finds the device a message is about: named devices first, then a classifier for implied ones. */
export class DeviceDetector {
  // Phrases by their first token, longest first: a position in the message is compared only
  // with the phrases that can start there. Scanning the whole lexicon at every word was the
  // NLU's largest cost in CPU and garbage.
  private readonly byFirstToken = new Map<string, Phrase[]>();
  /** Makers of several kinds of device, by name: "hp" makes printers and computers. */
  private readonly makers: Map<string, Exclude<Device, 'none'>[]>;
  /** The kind most of a maker's products are, for the makers that have one: "lenovo" sells mostly computers. */
  private readonly mostly: Map<string, Exclude<Device, 'none'>>;

  constructor(
    lexicon: DeviceLexicon[],
    private readonly fallback: SoftmaxClassifier,
    makers: DeviceMaker[] = [],
  ) {
    this.makers = new Map(makers.map((m) => [m.name, m.devices]));
    this.mostly = new Map(makers.flatMap((m) => (m.mostly ? [[m.name, m.mostly] as const] : [])));
    const phrases = lexicon
      .flatMap((entry) =>
        entry.keywords.map((keyword) => ({
          tokens: rawTokens(keyword),
          device: entry.device,
          priority: entry.priority,
          contact: entry.contactWords.includes(keyword),
        })),
      )
      .filter((p) => p.tokens.length > 0)
      .sort((a, b) => b.tokens.length - a.tokens.length);
    phrases.forEach((p, rank) => {
      const phrase: Phrase = { ...p, rank };
      const list = this.byFirstToken.get(phrase.tokens[0]);
      if (list) list.push(phrase);
      else this.byFirstToken.set(phrase.tokens[0], [phrase]);
    });
  }

  /** Devices named in the message, longest phrase first at each position ("apple tv" over "apple"). */
  named(analysis: Analysis, context: DeviceContext): Hit[] {
    const { tokens } = analysis;
    const hits: Hit[] = [];
    for (let i = 0; i < tokens.length; ) {
      const phrase = this.longestAt(analysis, i);
      if (!phrase) {
        i += 1;
        continue;
      }
      const next = tokens[i + phrase.tokens.length];
      // "email me", "phone us": a way to reach the user, never the device at fault.
      const usedAsVerb = phrase.contact && (next === 'me' || next === 'us');
      const contactData =
        phrase.contact &&
        (CONTACT_DATA_INTENTS.has(context.intent) || (context.intent === 'human' && !context.security));
      if (!usedAsVerb && !contactData) {
        hits.push({ ...phrase, at: i, means: phrase.contact && reachedBy(analysis, i, phrase.tokens.length), ruledOut: ruledOut(analysis, i, phrase.tokens.length) });
      }
      i += phrase.tokens.length;
    }
    return hits;
  }

  /** The preferred phrase starting at position i (each word may match as typed or in canonical form). */
  private longestAt({ tokens, canonical }: Analysis, i: number): Phrase | undefined {
    const matches = (phrase: Phrase): boolean => {
      for (let k = 0; k < phrase.tokens.length; k++) {
        if (tokens[i + k] !== phrase.tokens[k] && canonical[i + k] !== phrase.tokens[k]) return false;
      }
      return true;
    };
    const typed = this.byFirstToken.get(tokens[i])?.find(matches);
    const canon = canonical[i] === tokens[i] ? undefined : this.byFirstToken.get(canonical[i])?.find(matches);
    return typed && canon ? (typed.rank < canon.rank ? typed : canon) : (typed ?? canon);
  }

  /** Whether every content word of the message is part of a device's or a maker's name: "its a dell", "an hp laptop", "its an hp". */
  namesOnly(analysis: Analysis, context: DeviceContext): boolean {
    const named = new Set(this.named(analysis, context).flatMap((h) => h.tokens.map((_, k) => h.at + k)));
    analysis.canonical.forEach((word, i) => this.makers.has(word) && named.add(i));
    return named.size > 0 && analysis.canonical.every((word, i) => named.has(i) || STOPWORDS.has(word));
  }

  /**
   * The kinds of device a message of nothing but a maker's name may be about: "its an hp" is a
   * printer or a computer, "its a samsung" a phone or a TV (though "samsung" in a problem is read as
   * a phone). Undefined when a product is named too ("an hp laptop", "a samsung tv") or more is said.
   */
  makerOnly(analysis: Analysis, context: DeviceContext): Exclude<Device, 'none'>[] | undefined {
    if (!this.namesOnly(analysis, context)) return undefined;
    const isMaker = (h: Hit) => h.tokens.length === 1 && this.makers.has(h.tokens[0]);
    if (this.named(analysis, context).some((h) => !isMaker(h))) return undefined;
    const kinds = new Set(analysis.canonical.flatMap((word) => this.makers.get(word) ?? []));
    return kinds.size > 1 ? [...kinds] : undefined;
  }

  /**
   * The makers of several kinds named in a message that names no product and no other device word
   * ("my hp wont turn on", not "my hp printer" nor "hp wont print"): their kinds, and the message
   * without their names, for the problem's own words to be read alone, and the kind the maker
   * mostly makes when one maker is named and has one. Undefined otherwise.
   */
  makersWithoutProduct(
    analysis: Analysis,
    context: DeviceContext,
  ): { kinds: Exclude<Device, 'none'>[]; rest: string; mostly?: Exclude<Device, 'none'> } | undefined {
    const isMaker = (word: string) => this.makers.has(word);
    if (this.named(analysis, context).some((h) => h.tokens.length !== 1 || !isMaker(h.tokens[0]))) return undefined;
    const kinds = new Set(analysis.canonical.flatMap((word) => this.makers.get(word) ?? []));
    if (kinds.size < 2) return undefined;
    const named = new Set(analysis.canonical.filter(isMaker));
    const mostly = named.size === 1 ? this.mostly.get([...named][0]) : undefined;
    return { kinds: [...kinds], rest: analysis.tokens.filter((_, i) => !isMaker(analysis.canonical[i])).join(' '), ...(mostly ? { mostly } : {}) };
  }

  /** The device a message implies without naming one, and how sure the classifier is of it. */
  implied(analysis: Analysis): { device: Device; p: number } {
    const [top] = this.fallback.predict(analysis.features);
    return { device: top.label as Device, p: top.p };
  }

  /**
   * Of `kinds`, the one the message most implies, its share of what the classifier gives them
   * together, and each kind's share.
   */
  impliedAmong(
    analysis: Analysis,
    kinds: readonly Exclude<Device, 'none'>[],
  ): { device: Exclude<Device, 'none'>; share: number; shares: Map<Exclude<Device, 'none'>, number> } {
    const among = this.fallback.predict(analysis.features).filter((s) => (kinds as readonly string[]).includes(s.label));
    const total = among.reduce((sum, s) => sum + s.p, 0);
    const shares = new Map(among.map((s) => [s.label as Exclude<Device, 'none'>, total > 0 ? s.p / total : 0]));
    return { device: among[0].label as Exclude<Device, 'none'>, share: shares.get(among[0].label as Exclude<Device, 'none'>) ?? 0, shares };
  }

  detect(analysis: Analysis, context: DeviceContext): Device {
    // "no wait its the laptop not the printer": the printer, though more specific, is not the one.
    // Alone ("not my printer again") it is still the device talked about.
    const all = this.named(analysis, context);
    const named = all.some((h) => !h.ruledOut) ? all.filter((h) => !h.ruledOut) : all;
    // "i could not get a person on the phone, my router is dead": the router is at fault, the phone
    // is how they tried to get help. Alone ("i called you on my phone and it still wont charge") it
    // is the only device there is.
    const atFault = named.filter((h) => !h.means);
    const hits = atFault.length > 0 ? atFault : named;
    // Lowest priority wins; between equals (a laptop and a phone) the first named, usually the subject.
    if (hits.length > 0) return hits.reduce((best, h) => (h.priority < best.priority ? h : best)).device;
    if (!IMPLICIT_DEVICE_INTENTS.has(context.intent)) return 'none';
    const [top] = this.fallback.predict(analysis.features);
    return top.p >= FALLBACK_MIN_PROBABILITY ? (top.label as Device) : 'none';
  }
}

/**
 * Whether the device named at `at` is said not to be the one: "not the printer", "not my phone",
 * or said to be fine ("my printer is fine but my laptop cant connect to the wifi", "my laptop
 * works"). The determiner tells it from a fault: "my laptop is not printing" is still the printer's.
 */
function ruledOut({ canonical }: Analysis, at: number, length: number): boolean {
  if (DETERMINERS.has(canonical[at - 1]) && canonical[at - 2] === 'not') return true;
  return FINE.test(canonical.slice(at + length, at + length + 3).join(' '));
}

// What follows a device said to be fine: "is fine", "works", "is working fine", "seems ok".
const FINE = /^(?:(?:is|s|seems|seem|are) )?(?:fine|ok|okay|good|working|works|work)(?: fine| perfectly| ok| okay)?(?! (?:not|now|again)\b)(?: |$)/;

/**
 * Whether the contact word at `at` ("phone", "email", "mobile") is how the user reached someone
 * rather than the thing at fault: "over the phone", "by email", "on the phone with my isp", "spent
 * ages on the phone", "called you on my phone".
 */
function reachedBy({ canonical }: Analysis, at: number, length: number): boolean {
  const determiner = DETERMINERS.has(canonical[at - 1]) ? canonical[at - 1] : undefined;
  const preposition = canonical[at - (determiner ? 2 : 1)];
  if (MEANS_OF.has(preposition)) return true;
  if (!CALLED_ON.has(preposition)) return false;
  const before = canonical.slice(Math.max(0, at - CALL_WINDOW - 2), at);
  if (determiner === 'the' && preposition === 'on') {
    return CALL_COMPANY.has(canonical[at + length]) || before.some((w) => CALL_WORDS.has(w));
  }
  return before.some((w) => REACHED_WORDS.has(w));
}
