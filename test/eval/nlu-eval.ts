/*
 * NLU router evaluation on the held-out set (test/eval/data/nlu-heldout.yaml).
 *   node dist/test/eval/nlu-eval.js            figures; exit code 1 below the quality bar
 *   node dist/test/eval/nlu-eval.js --compare  also compares natural's classifiers (slow)
 * Paths resolve against process.cwd(), the project root.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { DEVICES, INTENTS } from '../../src/services/nlu/labels';
import { Router } from '../../src/services/nlu/router';
import { compareClassifiers, formatComparison } from '../../src/services/nlu/model-comparison';

export const QUALITY_BAR = { inScopeIntentAccuracy: 0.97, outOfScopeRecall: 0.9, deviceAccuracy: 0.95 } as const;

export const HELDOUT_FILE = 'test/eval/data/nlu-heldout.yaml';

const heldoutSchema = z.object({
  utterances: z.array(
    z.object({ text: z.string().min(1), intent: z.enum(INTENTS), device: z.enum(DEVICES) }).strict(),
  ),
});
export type HeldoutItem = z.infer<typeof heldoutSchema>['utterances'][number];

export function loadHeldout(file = path.resolve(process.cwd(), HELDOUT_FILE)): HeldoutItem[] {
  const parsed = heldoutSchema.safeParse(YAML.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.utterances;
}

export interface Miss {
  text: string;
  expected: string;
  got: string;
}

export interface NluFigures {
  total: number;
  inScopeIntentAccuracy: number;
  outOfScopeRecall: number;
  /** Share of in-scope messages wrongly called out_of_scope. */
  inScopeRejected: number;
  deviceAccuracy: number;
  /** In-scope messages flagged ambiguous, and how many of those offered the right intent in the two choices. */
  ambiguousRate: number;
  ambiguousResolvable: number;
  /** Expected calibration error of `confidence` (10 bins): how far confidence is from accuracy. */
  calibrationError: number;
  confusions: { expected: string; got: string; count: number }[];
  intentMisses: Miss[];
  deviceMisses: Miss[];
  latencyMs: { p50: number; p99: number };
  trainingMs: number;
  meetsBar: boolean;
}

/** Runs the router over the held-out set and computes the figures the quality bar is about. */
export function evaluateRouter(router: Router, items: HeldoutItem[]): NluFigures {
  const latencies: number[] = [];
  const confusionCounts = new Map<string, number>();
  const intentMisses: Miss[] = [];
  const deviceMisses: Miss[] = [];
  let inScope = 0, inScopeRight = 0, inScopeRejected = 0, oos = 0, oosRight = 0, deviceRight = 0;
  let ambiguous = 0, ambiguousResolvable = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, right: 0 }));

  for (const item of items) {
    const started = performance.now();
    const result = router.classify(item.text);
    latencies.push(performance.now() - started);

    const right = result.intent === item.intent;
    const bin = bins[Math.min(9, Math.floor(result.confidence * 10))];
    bin.n += 1;
    bin.conf += result.confidence;
    bin.right += right ? 1 : 0;
    if (item.intent === 'out_of_scope') {
      oos += 1;
      if (right) oosRight += 1;
    } else {
      inScope += 1;
      if (right) inScopeRight += 1;
      if (result.intent === 'out_of_scope') inScopeRejected += 1;
      if (result.ambiguous) {
        ambiguous += 1;
        if (result.alternatives.slice(0, 2).some((a) => a.intent === item.intent)) ambiguousResolvable += 1;
      }
    }
    if (!right) {
      intentMisses.push({ text: item.text, expected: item.intent, got: result.intent });
      const key = `${item.intent} -> ${result.intent}`;
      confusionCounts.set(key, (confusionCounts.get(key) ?? 0) + 1);
    }
    if (result.device === item.device) deviceRight += 1;
    else deviceMisses.push({ text: item.text, expected: item.device, got: result.device });
  }

  const figures: Omit<NluFigures, 'meetsBar'> = {
    total: items.length,
    inScopeIntentAccuracy: ratio(inScopeRight, inScope),
    outOfScopeRecall: ratio(oosRight, oos),
    inScopeRejected: ratio(inScopeRejected, inScope),
    deviceAccuracy: ratio(deviceRight, items.length),
    ambiguousRate: ratio(ambiguous, inScope),
    ambiguousResolvable: ratio(ambiguousResolvable, ambiguous),
    calibrationError: bins.reduce((e, b) => e + (b.n === 0 ? 0 : (b.n / items.length) * Math.abs(b.conf / b.n - b.right / b.n)), 0),
    confusions: [...confusionCounts]
      .map(([key, count]) => {
        const [expected, got] = key.split(' -> ');
        return { expected, got, count };
      })
      .sort((a, b) => b.count - a.count),
    intentMisses,
    deviceMisses,
    latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) },
    trainingMs: router.trainingMs,
  };
  return { ...figures, meetsBar: meetsBar(figures) };
}

function meetsBar(f: Pick<NluFigures, 'inScopeIntentAccuracy' | 'outOfScopeRecall' | 'deviceAccuracy'>): boolean {
  return (
    f.inScopeIntentAccuracy >= QUALITY_BAR.inScopeIntentAccuracy &&
    f.outOfScopeRecall >= QUALITY_BAR.outOfScopeRecall &&
    f.deviceAccuracy >= QUALITY_BAR.deviceAccuracy
  );
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatFigures(f: NluFigures, verbose = false): string {
  const mark = (value: number, bar: number) => `${pct(value)} (bar ${pct(bar)}) ${value >= bar ? 'ok' : 'BELOW BAR'}`;
  const lines = [
    `held-out utterances:        ${f.total}`,
    `in-scope intent accuracy:   ${mark(f.inScopeIntentAccuracy, QUALITY_BAR.inScopeIntentAccuracy)}`,
    `out-of-scope recall:        ${mark(f.outOfScopeRecall, QUALITY_BAR.outOfScopeRecall)}`,
    `device accuracy:            ${mark(f.deviceAccuracy, QUALITY_BAR.deviceAccuracy)}`,
    `in-scope called OOS:        ${pct(f.inScopeRejected)}`,
    `ambiguous (asks user):      ${pct(f.ambiguousRate)} of in-scope; right intent offered in ${pct(f.ambiguousResolvable)} of those`,
    `calibration error (ECE):    ${f.calibrationError.toFixed(3)}`,
    `classify latency:           p50 ${f.latencyMs.p50.toFixed(3)} ms, p99 ${f.latencyMs.p99.toFixed(3)} ms`,
    `training time:              ${f.trainingMs.toFixed(0)} ms`,
    'most frequent confusions:',
    ...(f.confusions.length === 0 ? ['  (none)'] : f.confusions.slice(0, 8).map((c) => `  ${c.count} x ${c.expected} -> ${c.got}`)),
  ];
  if (verbose) {
    lines.push('intent misses:', ...f.intentMisses.map((m) => `  [${m.expected} -> ${m.got}] ${m.text}`));
    lines.push('device misses:', ...f.deviceMisses.map((m) => `  [${m.expected} -> ${m.got}] ${m.text}`));
  }
  lines.push(f.meetsBar ? 'RESULT: meets the quality bar' : 'RESULT: below the quality bar');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const router = await Router.load(path.resolve(process.cwd(), 'content/nlu'));
  const figures = evaluateRouter(router, loadHeldout());
  console.log(formatFigures(figures, args.has('--verbose')));
  if (args.has('--compare')) console.log(formatComparison(await compareClassifiers(path.resolve(process.cwd(), 'content/nlu'), loadHeldout())));
  process.exitCode = figures.meetsBar ? 0 : 1;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
  });
}

