import type { Analysis } from './analyzer';
import type { DeviceLexicon } from './content';
import type { Device, Intent } from './labels';
import { rawTokens } from './normalize';
import { SoftmaxClassifier } from './softmax';

interface Phrase {
  tokens: string[];
  device: Exclude<Device, 'none'>;
  priority: number;
  contact: boolean;
  /** Place in the lexicon, longest phrases first: the lower, the more preferred. */
  rank: number;
}

// In these intents "email", "phone" or "mobile" is the user's address or number, not the
// thing that is broken ("update my email", "stop texting my mobile").
const CONTACT_DATA_INTENTS = new Set<Intent>(['opt_out', 'data_access', 'data_correction', 'data_deletion', 'privacy_info', 'billing']);
// Only a problem report can leave the device implicit ("paper keeps jamming"); anywhere
// else a device the user did not name would be a guess.
const IMPLICIT_DEVICE_INTENTS = new Set<Intent>(['troubleshoot', 'human']);
const FALLBACK_MIN_PROBABILITY = 0.5;

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

  constructor(
    lexicon: DeviceLexicon[],
    private readonly fallback: SoftmaxClassifier,
  ) {
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
  named(analysis: Analysis, context: DeviceContext): Phrase[] {
    const { tokens, canonical } = analysis;
    const hits: Phrase[] = [];
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
      if (!usedAsVerb && !contactData) hits.push(phrase);
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

  detect(analysis: Analysis, context: DeviceContext): Device {
    const hits = this.named(analysis, context);
    // Lowest priority wins; between equals (a laptop and a phone) the first named, usually the subject.
    if (hits.length > 0) return hits.reduce((best, h) => (h.priority < best.priority ? h : best)).device;
    if (!IMPLICIT_DEVICE_INTENTS.has(context.intent)) return 'none';
    const [top] = this.fallback.predict(analysis.features);
    return top.p >= FALLBACK_MIN_PROBABILITY ? (top.label as Device) : 'none';
  }
}
