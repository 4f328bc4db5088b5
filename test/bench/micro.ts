import { fromRoot } from '../../src/paths';
import { Router } from '../../src/services/nlu/router';
import { redactAll } from '../../src/services/privacy/redaction';
import { HELDOUT_FILE, loadHeldout } from '../eval/nlu-eval';
import { LABELLED_FILE, loadLabelled } from '../eval/redaction-eval';
import { percentile, round } from './stats';

export interface ClassifyFigures {
  utterances: number;
  passes: number;
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
  trainingMs: number;
}

/** Router.classify over the held-out utterances: one warm-up pass, then `passes` timed passes. */
export async function benchClassify(passes = 5): Promise<ClassifyFigures> {
  const router = await Router.load(fromRoot('content/nlu'));
  const texts = loadHeldout(fromRoot(HELDOUT_FILE)).map((u) => u.text);
  for (const text of texts) router.classify(text);
  const samples: number[] = [];
  const started = performance.now();
  for (let pass = 0; pass < passes; pass++) {
    for (const text of texts) {
      const t0 = performance.now();
      router.classify(text);
      samples.push(performance.now() - t0);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    utterances: texts.length,
    passes,
    p50Ms: round(percentile(samples, 50), 3),
    p99Ms: round(percentile(samples, 99), 3),
    perSecond: Math.round(samples.length / seconds),
    trainingMs: Math.round(router.trainingMs),
  };
}

export interface RedactionFigures {
  lines: number;
  linesPerSecond: number;
  kilobytesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** A 10,000-character message (the largest /api/messages accepts) built from the labelled lines. */
  longMessageMs: number;
}

/** redactAll over the labelled redaction lines, repeated for about `seconds`. */
export function benchRedaction(seconds = 2): RedactionFigures {
  const lines = loadLabelled(fromRoot(LABELLED_FILE));
  for (const line of lines) redactAll(line.text, line.options);
  const samples: number[] = [];
  let chars = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    for (const line of lines) {
      const t0 = performance.now();
      redactAll(line.text, line.options);
      samples.push(performance.now() - t0);
      chars += line.text.length;
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  let long = '';
  for (let i = 0; long.length < 10_000; i++) long += `${lines[i % lines.length].text} `;
  long = long.slice(0, 10_000);
  const longSamples = Array.from({ length: 10 }, () => {
    const t0 = performance.now();
    redactAll(long);
    return performance.now() - t0;
  });
  return {
    lines: lines.length,
    linesPerSecond: Math.round(samples.length / elapsed),
    kilobytesPerSecond: Math.round(chars / 1024 / elapsed),
    p50Ms: round(percentile(samples, 50), 3),
    p99Ms: round(percentile(samples, 99), 3),
    longMessageMs: round(percentile(longSamples, 50), 1),
  };
}
