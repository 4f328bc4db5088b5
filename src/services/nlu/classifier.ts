import type { Analyzer } from './analyzer';
import type { NluContent } from './content';
import type { Intent } from './labels';
import { rawTokens } from './normalize';
import { SoftmaxClassifier, type LabelledFeatures } from './softmax';

/*
 * Model choice. Same features for all three (stems, stem bigrams, char 4-grams), ~2,600
 * training documents, argmax intent without the out-of-scope thresholds. Measured with
 * `node dist/test/eval/nlu-eval.js --compare` on a shared 2-core machine:
 *
 *   classifier                           5-fold CV  200-doc subsample*  held-out (462)  training, all data
 *   natural BayesClassifier                  66.7%        33.8%             72.9%          5.9 s
 *   natural LogisticRegressionClassifier      n/a         59.4% (78 s)       n/a           not run (78 s for 200 docs)
 *   SoftmaxClassifier (softmax.ts)            89.2%        58.6% (0.08 s)     96.1%          0.07 s
 *
 *   * trained on 200 evenly spaced documents, tested on the rest: the only size at which
 *     natural's logistic regression finishes in minutes.
 *
 * natural's LR is as accurate as the softmax model on the subsample but far too slow for a
 * 2 s startup; Bayes is fast enough only on small data and much less accurate (its dense
 * feature vectors also make it slower than the softmax model). The softmax model is kept.
 */

export interface IntentModel {
  predict(features: string[]): { intent: Intent; p: number }[];
}

/** Training documents for intents: intents.yaml, plus every device report as `troubleshoot`. */
export function intentTrainingSet(content: NluContent, analyzer: Analyzer): LabelledFeatures[] {
  return [
    ...content.intents.map((u) => ({ features: analyzer.analyze(u.text).features, label: u.intent })),
    ...content.devices
      .filter((u) => u.device !== 'none')
      .map((u) => ({ features: analyzer.analyze(u.text).features, label: 'troubleshoot' })),
  ];
}

export function trainIntentClassifier(content: NluContent, analyzer: Analyzer): IntentModel {
  const model = SoftmaxClassifier.train(intentTrainingSet(content, analyzer));
  return {
    predict: (features) => model.predict(features).map((s) => ({ intent: s.label as Intent, p: s.p })),
  };
}

/**
 * The device classifier only runs when no device is named, so it learns from device reports
 * and from messages that name nothing: every training line of another intent that contains
 * no device keyword is an example of `none`.
 */
export function trainDeviceFallback(content: NluContent, analyzer: Analyzer): SoftmaxClassifier {
  const keywords = content.lexicon.flatMap((l) => l.keywords.map((k) => rawTokens(k).join(' ')));
  const namesDevice = (text: string) => {
    const padded = ` ${rawTokens(text).join(' ')} `;
    return keywords.some((k) => padded.includes(` ${k} `));
  };
  const docs: LabelledFeatures[] = [
    ...content.devices.map((u) => ({ features: analyzer.analyze(u.text).features, label: u.device })),
    ...content.intents
      .filter((u) => u.intent !== 'troubleshoot' && !namesDevice(u.text))
      .map((u) => ({ features: analyzer.analyze(u.text).features, label: 'none' })),
  ];
  return SoftmaxClassifier.train(docs);
}
