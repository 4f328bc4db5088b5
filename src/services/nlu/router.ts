import path from 'node:path';
import { Analyzer } from './analyzer';
import { loadNluContent, type NluContent } from './content';
import { DeviceDetector } from './device';
import { trainDeviceFallback, trainIntentClassifier, type IntentModel } from './classifier';
import type { Device, Intent } from './labels';
import { SecurityDetector } from './security';

export interface Classification {
  text: string;
  intent: Intent;
  device: Device;
  /** Probability of `intent`, in [0, 1]. */
  confidence: number;
  /** In-scope intents, most likely first: [0] and [1] are the two choices offered when `ambiguous`. */
  alternatives: { intent: Intent; confidence: number }[];
  /** The top two in-scope intents are too close to call: ask the user to pick. */
  ambiguous: boolean;
  /** A security report (hacked, phishing, scam call...): goes to a technician with priority. */
  security: boolean;
  /** Lower-cased, typo-corrected content words of the message, for choosing a flow. */
  symptoms: string[];
}

/** Thresholds chosen by cross-validation on the training data (never on the held-out set). */
export const ROUTER_THRESHOLDS = {
  /** Below this the best in-scope intent is a guess, so the message is out of scope. */
  minConfidence: 0.3,
  /** Top two in-scope intents closer than this are ambiguous. */
  ambiguityMargin: 0.15,
  /** More than this share of unknown content words means we do not understand the message. */
  maxUnknownShare: 0.5,
} as const;

const SECURITY_CONFIDENCE = 0.9;

/** Classifies user messages into an intent and a device; trained from content/nlu at load time. */
export class Router {
  /** Milliseconds spent training at load. */
  readonly trainingMs: number;

  private constructor(
    private readonly analyzer: Analyzer,
    private readonly intents: IntentModel,
    private readonly devices: DeviceDetector,
    private readonly securityDetector: SecurityDetector,
    trainingMs: number,
  ) {
    this.trainingMs = trainingMs;
  }

  static async load(contentDir = 'content/nlu'): Promise<Router> {
    return Router.fromContent(await loadNluContent(path.resolve(contentDir)));
  }

  static fromContent(content: NluContent): Router {
    const started = performance.now();
    const keywords = content.lexicon.flatMap((l) => l.keywords);
    const analyzer = new Analyzer([...content.intents.map((u) => u.text), ...content.devices.map((u) => u.text)], keywords);
    const intents = trainIntentClassifier(content, analyzer);
    const devices = new DeviceDetector(content.lexicon, trainDeviceFallback(content, analyzer));
    const security = new SecurityDetector(content.securityPhrases);
    return new Router(analyzer, intents, devices, security, performance.now() - started);
  }

  classify(text: string): Classification {
    const analysis = this.analyzer.analyze(text);
    const scores = this.intents.predict(analysis.features);
    const inScope = scores.filter((s) => s.intent !== 'out_of_scope');
    const alternatives = inScope.slice(0, 3).map((s) => ({ intent: s.intent, confidence: round(s.p) }));
    const [first, second] = inScope;
    const outOfScope = scores.find((s) => s.intent === 'out_of_scope')?.p ?? 0;

    let intent: Intent;
    let confidence: number;
    const unknownShare = analysis.content > 0 ? analysis.unknownContent / analysis.content : 0;
    if (analysis.tokens.length === 0 || unknownShare > ROUTER_THRESHOLDS.maxUnknownShare) {
      intent = 'out_of_scope';
      confidence = Math.max(outOfScope, unknownShare);
    } else if (outOfScope >= first.p || first.p < ROUTER_THRESHOLDS.minConfidence) {
      intent = 'out_of_scope';
      confidence = Math.max(outOfScope, 1 - first.p);
    } else {
      intent = first.intent;
      confidence = first.p;
    }

    // A report of a hack or scam outranks whatever else the message looks like; only a
    // question about how we protect data (privacy_info) is not a report.
    const security = intent !== 'privacy_info' && this.securityDetector.mentionsSecurity(text);
    if (security && intent !== 'human') {
      intent = 'human';
      confidence = Math.max(confidence, SECURITY_CONFIDENCE);
    }

    const ambiguous =
      !security && intent !== 'out_of_scope' && second !== undefined && first.p - second.p < ROUTER_THRESHOLDS.ambiguityMargin;
    const device = this.devices.detect(analysis, { intent, security });
    return {
      text,
      intent,
      device,
      confidence: round(confidence),
      alternatives,
      ambiguous,
      security,
      symptoms: [...analysis.symptoms],
    };
  }
}

function round(p: number): number {
  return Math.round(Math.min(1, Math.max(0, p)) * 1000) / 1000;
}

// The CLI imports both from here; the implementation lives in its own file.
export { classifyLines } from './classify-lines';
