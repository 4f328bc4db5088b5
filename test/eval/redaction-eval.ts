/*
 * Redaction evaluation on hand-labelled lines (test/eval/data/redaction-labelled.yaml),
 * written separately from the unit tests.
 *   node dist/test/eval/redaction-eval.js     figures; exit code 1 when a goal is missed
 * Paths resolve against process.cwd(), the project root.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import YAML from 'yaml';
import { z } from 'zod';
import { redactAll, redactSecrets, type RedactOptions } from '../../src/services/privacy/redaction';

export const GOALS = { secretLeaks: 0, personalRecall: 0.98, technicalKept: 0.98, longMessageMs: 50 } as const;

export const LABELLED_FILE = 'test/eval/data/redaction-labelled.yaml';

const labelledSchema = z.object({
  lines: z
    .array(
      z
        .object({
          text: z.string().min(1),
          secrets: z.array(z.string().min(1)).default([]),
          personal: z.array(z.string().min(1)).default([]),
          technical: z.array(z.string().min(1)).default([]),
          options: z.object({ expectingOtp: z.boolean().optional(), passwordTalk: z.boolean().optional(), cardContinues: z.boolean().optional(), secretFollows: z.boolean().optional(), defaultRegion: z.string().length(2).optional() }).strict().optional(),
        })
        .strict()
        .refine((l) => [...l.secrets, ...l.personal, ...l.technical].every((s) => l.text.includes(s)), {
          message: 'every labelled substring must occur in the text',
        }),
    )
    .min(150),
});
export type LabelledLine = z.infer<typeof labelledSchema>['lines'][number];

export function loadLabelled(file = path.resolve(process.cwd(), LABELLED_FILE)): LabelledLine[] {
  const parsed = labelledSchema.safeParse(YAML.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.lines;
}

export interface Miss {
  text: string;
  value: string;
  output: string;
}

export interface RedactionFigures {
  lines: number;
  secrets: number;
  secretLeaks: Miss[];
  personal: number;
  personalRecall: number;
  personalMisses: Miss[];
  technical: number;
  technicalKept: number;
  technicalLost: Miss[];
  linesPerSecond: number;
  /** Time to redact a 10,000-character message: median and worst of 15 runs over mixed labelled text, and the slowest adversarial input (median of 5). */
  longMessageMs: { median: number; worst: number; adversarialWorst: number };
  meetsGoals: boolean;
}

// A secret also leaks when its digits survive with different spacing ("4111 1111..." -> "41111111...").
function leaked(secret: string, output: string): boolean {
  if (output.includes(secret)) return true;
  const digits = secret.replace(/\D/g, '');
  return digits.length >= 8 && output.replace(/\D/g, '').includes(digits);
}

function timeMs(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

// Inputs shaped to trigger regex backtracking: long runs with no terminator for the patterns that scan them.
export function adversarialInputs(length = 10_000): string[] {
  const fill = (unit: string): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  return [
    fill('a'),
    fill('A'),
    fill('1'),
    fill('1 '),
    fill('1-'),
    fill('a.'),
    fill('a@'),
    fill('x@y.'),
    fill('x@y.z/'),
    fill('::'),
    fill('1.1.'),
    fill('password is '),
    fill('my name is John '),
    fill('code '),
    fill('12 Main '),
    fill('http://'),
    fill('eyJ'),
    fill('DE89 '),
    fill('\u{1F600}'),
    // Runs of the shapes later rules read: spaced and spelled codes, cards in slashed groups, typed PINs, password hints.
    fill('otp 48 29 '),
    fill('code 482 913 55 '),
    fill('password Summer2024! '),
    fill('wifi password on the sticker says '),
    fill('password, '),
    `password ${fill('a1!')}`,
    fill('otp 4829 1355 times '),
    fill('cvv is one two '),
    fill('1111/'),
    fill('pin so i typed '),
    fill('password is correct '),
    fill("password is dog's "),
    // Shapes added later: account and password pairs, a password tried at sign-in, a hint's number, a time after
    // the password's name, a bare SIN, "key:", "pin?" and a security question asked in its own words.
    fill('jsmith / '),
    fill('a@b.c / '),
    `jo${fill('@x.')}`,
    fill('tried Summer2024! '),
    fill('pin is my birthday 12/'),
    fill('password expired at 10:30 '),
    fill('sin 046 '),
    fill('key: 8f3k '),
    fill('pin? '),
    fill('security question is where '),
    fill('Ctrl+'),
    // Thousands of distinct phone-like numbers: each would be a separate libphonenumber call.
    Array.from({ length: 900 }, (_, i) => `${2_000_000_000 + i * 7919} x`).join(' ').slice(0, length),
    Array.from({ length: 900 }, (_, i) => `${1_000_000 + i * 7919} x`).join(' ').slice(0, length),
  ];
}

/** Redacts every labelled line and computes leak, recall, keep and (unless `timing` is false) speed figures. */
export function evaluateRedaction(lines: LabelledLine[] = loadLabelled(), { timing = true }: { timing?: boolean } = {}): RedactionFigures {
  const secretLeaks: Miss[] = [];
  const personalMisses: Miss[] = [];
  const technicalLost: Miss[] = [];
  let secrets = 0;
  let personal = 0;
  let technical = 0;
  for (const line of lines) {
    const options: RedactOptions = line.options ?? {};
    const all = redactAll(line.text, options).text;
    const onlySecrets = redactSecrets(line.text, options).text;
    for (const s of line.secrets) {
      secrets++;
      if (leaked(s, all)) secretLeaks.push({ text: line.text, value: s, output: all });
      else if (leaked(s, onlySecrets)) secretLeaks.push({ text: line.text, value: s, output: onlySecrets });
    }
    for (const p of line.personal) {
      personal++;
      if (all.includes(p)) personalMisses.push({ text: line.text, value: p, output: all });
    }
    for (const t of line.technical) {
      technical++;
      if (!all.includes(t)) technicalLost.push({ text: line.text, value: t, output: all });
      else if (!onlySecrets.includes(t)) technicalLost.push({ text: line.text, value: t, output: onlySecrets });
    }
  }

  const personalRecall = personal === 0 ? 1 : (personal - personalMisses.length) / personal;
  const technicalKept = technical === 0 ? 1 : (technical - technicalLost.length) / technical;
  const accuracy = { lines: lines.length, secrets, secretLeaks, personal, personalRecall, personalMisses, technical, technicalKept, technicalLost };
  const accurate = secretLeaks.length <= GOALS.secretLeaks && personalRecall >= GOALS.personalRecall && technicalKept >= GOALS.technicalKept;
  if (!timing) return { ...accuracy, linesPerSecond: NaN, longMessageMs: { median: NaN, worst: NaN, adversarialWorst: NaN }, meetsGoals: accurate };

  // Throughput: whole passes over the set for at least half a second.
  let processed = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 500) {
    for (const line of lines) redactAll(line.text, line.options ?? {});
    processed += lines.length;
  }
  const linesPerSecond = processed / ((performance.now() - t0) / 1000);

  // Timings are medians after a warm-up: the machine is shared, and one slow run says little.
  const long = lines.map((l) => l.text).join(' ').repeat(10).slice(0, 10_000);
  for (let i = 0; i < 3; i++) redactAll(long);
  const longTimes = Array.from({ length: 15 }, () => timeMs(() => redactAll(long)));
  const adversarialWorst = Math.max(
    ...adversarialInputs().map((s) => {
      redactAll(s);
      return median(Array.from({ length: 5 }, () => timeMs(() => redactAll(s))));
    }),
  );

  const longMessageMs = { median: median(longTimes), worst: Math.max(...longTimes), adversarialWorst };
  return {
    ...accuracy,
    linesPerSecond,
    longMessageMs,
    meetsGoals: accurate && longMessageMs.median < GOALS.longMessageMs && adversarialWorst < GOALS.longMessageMs,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function formatFigures(f: RedactionFigures): string {
  const misses = (title: string, list: Miss[]): string[] =>
    list.length === 0 ? [] : [`  ${title}:`, ...list.slice(0, 25).map((m) => `    "${m.value}" in: ${m.text}\n      -> ${m.output}`)];
  return [
    `Redaction evaluation: ${f.lines} labelled lines`,
    `  secret leaks:        ${f.secretLeaks.length} of ${f.secrets} secrets   (goal ${GOALS.secretLeaks})`,
    `  personal-data recall: ${pct(f.personalRecall)} of ${f.personal}   (goal >= ${pct(GOALS.personalRecall)})`,
    `  technical data kept:  ${pct(f.technicalKept)} of ${f.technical}   (goal >= ${pct(GOALS.technicalKept)})`,
    `  throughput:           ${Math.round(f.linesPerSecond)} lines/s`,
    `  10,000-char message:  median ${f.longMessageMs.median.toFixed(1)} ms, worst ${f.longMessageMs.worst.toFixed(1)} ms; adversarial worst ${f.longMessageMs.adversarialWorst.toFixed(1)} ms   (goal < ${GOALS.longMessageMs} ms)`,
    ...misses('leaked secrets', f.secretLeaks),
    ...misses('personal data missed', f.personalMisses),
    ...misses('technical data lost', f.technicalLost),
    f.meetsGoals ? 'All goals met.' : 'GOALS MISSED.',
  ].join('\n');
}

if (require.main === module) {
  const figures = evaluateRedaction();
  console.log(formatFigures(figures));
  process.exitCode = figures.meetsGoals ? 0 : 1;
}
