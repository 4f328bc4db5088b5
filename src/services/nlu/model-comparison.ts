import { BayesClassifier, LogisticRegressionClassifier } from './natural-parts';
import { Analyzer } from './analyzer';
import { intentTrainingSet } from './classifier';
import { loadNluContent } from './content';
import { SoftmaxClassifier, type LabelledFeatures } from './softmax';

/*
 * Evidence for the model choice documented in classifier.ts; run by
 * `node dist/test/eval/nlu-eval.js --compare`. Not used at runtime.
 */

interface Candidate {
  name: string;
  train(docs: LabelledFeatures[]): (features: string[]) => string;
}

const candidates: Candidate[] = [
  {
    name: 'natural BayesClassifier',
    train(docs) {
      const c = new BayesClassifier();
      for (const d of docs) c.addDocument(d.features, d.label);
      c.train();
      return (f) => c.classify(f);
    },
  },
  {
    name: 'natural LogisticRegressionClassifier',
    train(docs) {
      const c = new LogisticRegressionClassifier();
      for (const d of docs) c.addDocument(d.features, d.label);
      c.train();
      return (f) => c.classify(f);
    },
  },
  {
    name: 'SoftmaxClassifier (kept)',
    train(docs) {
      const c = SoftmaxClassifier.train(docs);
      return (f) => c.predict(f)[0].label;
    },
  },
];

// natural's logistic regression needs minutes for 400 documents and grows faster than
// linearly, so it is compared on a subsample that every candidate trains on.
const SUBSAMPLE = 200;
const FOLDS = 5;

export interface ComparisonRow {
  name: string;
  /** 5-fold cross-validated accuracy on all training documents (null when too slow to run). */
  crossValidated: number | null;
  /** Trained on a 200-document evenly spaced subsample, tested on the other training documents. */
  subsample: number;
  subsampleTrainMs: number;
  /** Trained on everything, argmax intent on the held-out set (no out-of-scope thresholds). */
  heldout: number | null;
  fullTrainMs: number | null;
}

function accuracy(predict: (f: string[]) => string, docs: LabelledFeatures[]): number {
  return docs.filter((d) => predict(d.features) === d.label).length / Math.max(1, docs.length);
}

function timed<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}

/** Cross-validation and held-out comparison of the intent classifiers on identical features. */
export async function compareClassifiers(contentDir: string, heldout: { text: string; intent: string }[]): Promise<ComparisonRow[]> {
  const content = await loadNluContent(contentDir);
  const analyzer = new Analyzer([...content.intents.map((u) => u.text), ...content.devices.map((u) => u.text)], content.lexicon.flatMap((l) => l.keywords));
  const docs = intentTrainingSet(content, analyzer);
  const heldoutDocs = heldout.map((h) => ({ features: analyzer.analyze(h.text).features, label: h.intent }));
  const step = docs.length / SUBSAMPLE;
  const picked = new Set(Array.from({ length: SUBSAMPLE }, (_, i) => Math.floor(i * step)));
  const sample = docs.filter((_, i) => picked.has(i));
  const rest = docs.filter((_, i) => !picked.has(i));

  return candidates.map((candidate) => {
    const [sampleModel, subsampleTrainMs] = timed(() => candidate.train(sample));
    const slow = candidate.name.includes('LogisticRegression');
    let crossValidated: number | null = null;
    let heldoutAccuracy: number | null = null;
    let fullTrainMs: number | null = null;
    if (!slow) {
      let right = 0;
      for (let k = 0; k < FOLDS; k++) {
        const test = docs.filter((_, i) => i % FOLDS === k);
        const model = candidate.train(docs.filter((_, i) => i % FOLDS !== k));
        right += accuracy(model, test) * test.length;
      }
      crossValidated = right / docs.length;
      const [full, ms] = timed(() => candidate.train(docs));
      fullTrainMs = ms;
      heldoutAccuracy = accuracy(full, heldoutDocs);
    }
    return { name: candidate.name, crossValidated, subsample: accuracy(sampleModel, rest), subsampleTrainMs, heldout: heldoutAccuracy, fullTrainMs };
  });
}

export function formatComparison(rows: ComparisonRow[]): string {
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  const ms = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(0)} ms`);
  return [
    'classifier comparison (same features):',
    ...rows.map(
      (r) =>
        `  ${r.name.padEnd(38)} CV ${pct(r.crossValidated).padStart(6)}  subsample ${pct(r.subsample).padStart(6)} (train ${ms(r.subsampleTrainMs)})  held-out ${pct(r.heldout).padStart(6)}  full train ${ms(r.fullTrainMs)}`,
    ),
  ].join('\n');
}
