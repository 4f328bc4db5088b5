import type { Analyzer } from './analyzer';
import type { NluContent } from './content';
import type { Intent } from './labels';
import { rawTokens } from './normalize';
import { SoftmaxClassifier, type LabelledFeatures } from './softmax';

/*
 * Model choice. Same features (stems + stem bigrams) for all three; 5-fold cross-validation
 * on the training data (content/nlu), then held-out figures from test/eval/nlu-eval.ts.
 * Reproduce with `node dist/test/eval/nlu-eval.js --compare`.
 *
 *   classifier                       CV accuracy   training time
 *   natural BayesClassifier          (see report)
 *   natural LogisticRegression       (see report)
 *   SoftmaxClassifier (this file)    (see report)
 *
 * The softmax model is kept: see the figures above and the report.
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
