import { Document, LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { ZodIssue } from 'zod';
import { FlowSchema, type Flow } from './flow-schema';

export type Severity = 'error' | 'warning';
export interface LintIssue {
  file: string;
  line?: number;
  severity: Severity;
  message: string;
}

export type YamlPath = readonly (string | number)[];
/** Maps a path inside the flow (e.g. ['steps', 'reboot', 'options', 1, 'next']) to a 1-based line. */
export type LineLookup = (path: YamlPath) => number | undefined;

export interface ParsedFlowFile {
  file: string;
  /** Present only when the file is valid YAML and passes the schema. */
  flow?: Flow;
  /** The `id` as written, when readable, so duplicates are caught even in broken files. */
  rawId?: string;
  lineOf: LineLookup;
  issues: LintIssue[];
}

function start(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

function lineLookup(doc: Document, counter: LineCounter): LineLookup {
  return (path) => {
    let node: unknown = doc.contents;
    let offset = start(node);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        // A key's own line reads better than the first line of a nested block under it.
        offset = start(pair.key) ?? offset;
        node = pair.value;
        if (isScalar(node)) offset = start(node) ?? offset;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)];
        if (item === undefined) break;
        node = item;
        offset = start(item) ?? offset;
      } else {
        break;
      }
    }
    return offset === undefined ? undefined : counter.linePos(offset).line;
  };
}

function describeZodIssue(issue: ZodIssue): { path: YamlPath; message: string } {
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys') {
    return { path: [...issue.path, issue.keys[0]], message: `${where}unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}` };
  }
  return { path: issue.path, message: `${where}${issue.message}` };
}

/** Parses and schema-checks one flow file; never throws. */
export function parseFlowFile(file: string, source: string): ParsedFlowFile {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, keepSourceTokens: true, prettyErrors: false });
  const lineOf = lineLookup(doc, counter);
  const issues: LintIssue[] = [];

  // One syntax slip makes the YAML parser report a cascade; only the first is worth reading.
  // Duplicate keys are not syntax slips, so each is reported.
  const syntax = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY').slice(0, 1);
  for (const err of [...doc.errors.filter((e) => e.code === 'DUPLICATE_KEY'), ...syntax]) {
    const line = err.linePos?.[0]?.line ?? counter.linePos(err.pos[0]).line;
    let message: string;
    if (err.code === 'DUPLICATE_KEY') {
      const lineText = source.split(/\r?\n/)[line - 1] ?? '';
      const key = /^\s*-?\s*["']?([^"':#]+)["']?\s*:/.exec(lineText)?.[1]?.trim() ?? lineText.trim();
      message = `duplicate id '${key}': each key, including step ids, may appear only once`;
    } else {
      message = `YAML syntax: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
      if (/mapping|implicit/i.test(message)) message += ` (text containing ": " must be in quotes or a >- block)`;
    }
    issues.push({ file, line, severity: 'error', message });
  }
  const idNode = isMap(doc.contents) ? doc.contents.get('id', true) : undefined;
  const rawId = isScalar(idNode) && typeof idNode.value === 'string' ? idNode.value : undefined;
  if (issues.length) return { file, rawId, lineOf, issues };

  const result = FlowSchema.safeParse(doc.toJS());
  if (!result.success) {
    for (const issue of result.error.issues) {
      const { path, message } = describeZodIssue(issue);
      issues.push({ file, line: lineOf(path), severity: 'error', message });
    }
    return { file, rawId, lineOf, issues };
  }
  return { file, flow: result.data, rawId, lineOf, issues };
}
