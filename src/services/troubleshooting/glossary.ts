import fs from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import { fromRoot } from '../../paths';

// The words the steps use that users ask about at a step ("what's the action button?"). Support
// staff edit content/glossary.yaml by hand, so an error names the file, line and field to fix.

const text = (what: string) =>
  z.string({ required_error: `${what} is required`, invalid_type_error: `${what} must be text` }).trim().min(1, `${what} must not be empty`);

const TermSchema = z
  .object({
    term: text('term'),
    also: z.array(text('also')).min(1, 'also must list at least one way of saying it, or leave it out').optional(),
    text: text('text'),
  })
  .strict();

const GlossaryFileSchema = z
  .object({ terms: z.array(TermSchema, { required_error: 'terms is required' }).min(1, 'terms must list at least one term') })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.terms.forEach((t, i) =>
      [t.term, ...(t.also ?? [])].forEach((name, j) => {
        const key = nameKey(name);
        const first = seen.get(key);
        if (first !== undefined && first !== i) {
          ctx.addIssue({ code: 'custom', path: ['terms', i, ...(j === 0 ? ['term'] : ['also', j - 1])], message: `"${name}" is already a name of term ${first + 1}` });
        }
        seen.set(key, i);
      }),
    );
  });

export type GlossaryTerm = z.infer<typeof TermSchema>;

/** The terms by every name they go by (see nameKey). */
export interface Glossary {
  readonly terms: readonly GlossaryTerm[];
  readonly byName: ReadonlyMap<string, GlossaryTerm>;
}

export class GlossaryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GlossaryError';
  }
}

/** A name as looked up: lower case, words only, a trailing "button" or "reset" dropped ("WPS button" is "wps", "SMC reset" "smc"). */
function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}.]+/gu, ' ')
    .replace(/\.(?!\d)/g, ' ')
    .trim()
    .replace(/\s+(?:button|buttons|thing|reset)$/, '')
    .replace(/\s+/g, ' ');
}

/** Reads and validates the glossary file; an error names the file, line and field. */
export function loadGlossary(file: string = fromRoot('content/glossary.yaml')): Glossary {
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    throw new GlossaryError(`${file}: cannot read the glossary file`);
  }
  return parseGlossary(file, source);
}

export function parseGlossary(file: string, source: string): Glossary {
  const doc = YAML.parseDocument(source, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new GlossaryError(`${file}:${e.linePos?.[0]?.line ?? 1}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const parsed = GlossaryFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // The offending node, or its nearest existing parent when the field is missing.
    let line = 1;
    for (let n = issue.path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(issue.path.slice(0, n), true);
      const range = (node as { range?: [number, number] } | null | undefined)?.range;
      if (range) {
        line = source.slice(0, range[0]).split('\n').length;
        break;
      }
    }
    throw new GlossaryError(`${file}:${line}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  const byName = new Map<string, GlossaryTerm>();
  for (const t of parsed.data.terms) for (const name of [t.term, ...(t.also ?? [])]) byName.set(nameKey(name), t);
  return { terms: parsed.data.terms, byName };
}

// "whats the action button", "what is a stop code?", "what does NVRAM mean", "what do you mean by input" (or "u"),
// and without the verb up front, "what smc means", "what nvram is". The longer openings go first: a
// bare "what" would take "do you mean by input" for the term.
const WHAT_IS =
  /^(?:(?:ok|okay|so|sorry|um|and|wait|hang on)[,\s]+)?(?:what\s+do\s+(?:you|u|ya)\s+mean\s+by|whats\s+meant\s+by|what\s+is\s+meant\s+by|what(?:s|\s+is|\s+are|\s+does)?|wat\s+is|wats)\s+(?:(?:a|an|the|my|this|that|your)\s+)?(.+?)(?:\s+(?:mean|means|is|stands? for))?[\s?.!]*$/i;

/** The glossary's answer to a message asking what one of its terms is, if it asks that. */
export function explainTerm(glossary: Glossary | undefined, message: string): string | undefined {
  const asked = WHAT_IS.exec(message.trim().replace(/['’`]/g, ''))?.[1];
  return asked === undefined ? undefined : glossary?.byName.get(nameKey(asked))?.text;
}
