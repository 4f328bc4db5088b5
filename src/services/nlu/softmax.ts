/**
 * Multinomial logistic regression over sparse string features.
 *
 * Written here rather than using natural's LogisticRegressionClassifier because natural's
 * builds a dense document x vocabulary matrix and needs far more than the 2 s startup
 * budget on this data (figures in classifier.ts). Full-batch Adam with L2 keeps training
 * deterministic (no shuffling) and the probabilities well behaved enough to threshold.
 */
export interface SoftmaxOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Weight each class by 1/frequency so a big class (troubleshoot) does not swallow the rest. */
  balanceClasses: boolean;
}

export interface LabelledFeatures {
  features: string[];
  label: string;
}

export interface Scored {
  label: string;
  p: number;
}

const DEFAULTS: SoftmaxOptions = { epochs: 60, learningRate: 0.3, l2: 1e-5, balanceClasses: true };

interface SparseRow {
  idx: Int32Array;
  val: Float64Array;
}

export class SoftmaxClassifier {
  private constructor(
    readonly labels: string[],
    private readonly index: Map<string, number>,
    private readonly weights: Float64Array,
    private readonly bias: Float64Array,
  ) {}

  static train(docs: LabelledFeatures[], options: Partial<SoftmaxOptions> = {}): SoftmaxClassifier {
    const opts = { ...DEFAULTS, ...options };
    const labels = [...new Set(docs.map((d) => d.label))].sort();
    const labelIndex = new Map(labels.map((l, i) => [l, i]));
    const index = new Map<string, number>();
    for (const d of docs) for (const f of d.features) if (!index.has(f)) index.set(f, index.size);

    const rows = docs.map((d) => toRow(d.features, index));
    const y = docs.map((d) => labelIndex.get(d.label) as number);
    const counts = new Array<number>(labels.length).fill(0);
    for (const c of y) counts[c] += 1;
    const sampleWeight = y.map((c) => (opts.balanceClasses ? docs.length / (labels.length * counts[c]) : 1));

    const C = labels.length;
    const F = index.size;
    const W = new Float64Array(F * C);
    const b = new Float64Array(C);
    const gW = new Float64Array(F * C);
    const gB = new Float64Array(C);
    const adam = { mW: new Float64Array(F * C), vW: new Float64Array(F * C), mB: new Float64Array(C), vB: new Float64Array(C) };
    const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
    const probs = new Float64Array(C);
    const totalWeight = sampleWeight.reduce((a, w) => a + w, 0);

    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      gW.fill(0);
      gB.fill(0);
      for (let n = 0; n < rows.length; n++) {
        scoreRow(rows[n], W, b, C, probs);
        softmaxInPlace(probs);
        const w = sampleWeight[n] / totalWeight;
        const { idx, val } = rows[n];
        for (let c = 0; c < C; c++) {
          probs[c] = (probs[c] - (c === y[n] ? 1 : 0)) * w;
          gB[c] += probs[c];
        }
        for (let k = 0; k < idx.length; k++) {
          const base = idx[k] * C;
          const v = val[k];
          for (let c = 0; c < C; c++) gW[base + c] += probs[c] * v;
        }
      }
      const lrT = (opts.learningRate * Math.sqrt(1 - beta2 ** epoch)) / (1 - beta1 ** epoch);
      for (let i = 0; i < W.length; i++) {
        const g = gW[i] + opts.l2 * W[i];
        adam.mW[i] = beta1 * adam.mW[i] + (1 - beta1) * g;
        adam.vW[i] = beta2 * adam.vW[i] + (1 - beta2) * g * g;
        W[i] -= (lrT * adam.mW[i]) / (Math.sqrt(adam.vW[i]) + eps);
      }
      for (let c = 0; c < C; c++) {
        adam.mB[c] = beta1 * adam.mB[c] + (1 - beta1) * gB[c];
        adam.vB[c] = beta2 * adam.vB[c] + (1 - beta2) * gB[c] * gB[c];
        b[c] -= (lrT * adam.mB[c]) / (Math.sqrt(adam.vB[c]) + eps);
      }
    }
    return new SoftmaxClassifier(labels, index, W, b);
  }

  /** Every label with its probability, most likely first. */
  predict(features: string[], temperature = 1): Scored[] {
    const C = this.labels.length;
    const probs = new Float64Array(C);
    scoreRow(toRow(features, this.index), this.weights, this.bias, C, probs);
    for (let c = 0; c < C; c++) probs[c] /= temperature;
    softmaxInPlace(probs);
    return this.labels.map((label, c) => ({ label, p: probs[c] })).sort((a, b) => b.p - a.p);
  }

  /** Share of `features` the model has a weight for. */
  knownShare(features: string[]): number {
    if (features.length === 0) return 0;
    return features.filter((f) => this.index.has(f)).length / features.length;
  }
}

/** Binary features scaled to unit length, so a rambling message is not more confident than a short one. */
export const FEATURE_WEIGHTS = { charGram: 0.35 };

function toRow(features: string[], index: Map<string, number>): SparseRow {
  const unique = [...new Set(features)];
  const weight = (f: string) => (f.startsWith('#') ? FEATURE_WEIGHTS.charGram : 1);
  const norm = Math.sqrt(unique.reduce((s, f) => s + weight(f) ** 2, 0)) || 1;
  const known = unique.filter((f) => index.has(f));
  return { idx: Int32Array.from(known, (f) => index.get(f) as number), val: Float64Array.from(known, (f) => weight(f) / norm) };
}

function scoreRow(row: SparseRow, W: Float64Array, b: Float64Array, C: number, out: Float64Array): void {
  for (let c = 0; c < C; c++) out[c] = b[c];
  for (let k = 0; k < row.idx.length; k++) {
    const base = row.idx[k] * C;
    for (let c = 0; c < C; c++) out[c] += W[base + c] * row.val[k];
  }
}

function softmaxInPlace(v: Float64Array): void {
  let max = -Infinity;
  for (const x of v) if (x > max) max = x;
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = Math.exp(v[i] - max);
    sum += v[i];
  }
  for (let i = 0; i < v.length; i++) v[i] /= sum;
}
