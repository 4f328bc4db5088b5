import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Flow } from './flow-schema';
import { redactSecrets } from '../privacy/redaction';
import { checkFlowGraph } from './flow-graph';
import { symptomsNeverMatched } from './flow-selection';
import { parseFlowFile, type LineLookup, type LintIssue, type YamlPath } from './flow-source';

export type { LintIssue, Severity } from './flow-source';

export interface FlowDirAnalysis {
  /** Flows that passed the schema and whose id is unique, keyed by id. */
  flows: Record<string, Flow>;
  /** id -> the file it came from, for messages about a flow at run time. */
  files: Record<string, string>;
  issues: LintIssue[];
}

const FLOW_FILE = /\.ya?ml$/i;

/** Reads every flow file in `dir` and checks it; the single source of truth for lint and loader. */
export function analyseFlowDir(dir: string): FlowDirAnalysis {
  const result: FlowDirAnalysis = { flows: {}, files: {}, issues: [] };
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    result.issues.push({ file: dir, severity: 'error', message: 'flow folder not found' });
    return result;
  }
  const names = readdirSync(dir).filter((n) => FLOW_FILE.test(n)).sort();
  if (!names.length) {
    result.issues.push({ file: dir, severity: 'error', message: 'no flow files (*.yaml) found' });
    return result;
  }

  const parsedFiles = names.map((name) => {
    const file = join(dir, name);
    const parsed = parseFlowFile(file, readFileSync(file, 'utf8'));
    return { parsed, stem: basename(name, extname(name)), id: parsed.flow?.id ?? parsed.rawId };
  });
  // When two files claim one id, the file named after it keeps it, so the report blames the copy.
  const owners = new Map<string, string>();
  for (const { parsed, stem, id } of parsedFiles) if (id !== undefined && id === stem) owners.set(id, parsed.file);
  for (const { parsed, id } of parsedFiles) if (id !== undefined && !owners.has(id)) owners.set(id, parsed.file);

  for (const { parsed, stem, id } of parsedFiles) {
    const { file } = parsed;
    const issues = [...parsed.issues];
    let usable = Boolean(parsed.flow);
    if (id !== undefined) {
      if (id !== stem) {
        issues.push({ file, line: parsed.lineOf(['id']), severity: 'error', message: `id '${id}' must equal the file name '${stem}'` });
        usable = false;
      }
      const owner = owners.get(id);
      if (owner !== file) {
        issues.push({ file, line: parsed.lineOf(['id']), severity: 'error', message: `duplicate id '${id}': already used by ${owner}` });
        usable = false;
      }
    }
    if (parsed.flow) issues.push(...checkFlowGraph(parsed.flow, file, parsed.lineOf), ...checkShownText(parsed.flow, file, parsed.lineOf), ...checkSymptoms(parsed.flow, file, parsed.lineOf));
    if (parsed.flow && usable) {
      result.flows[parsed.flow.id] = parsed.flow;
      result.files[parsed.flow.id] = file;
    }
    result.issues.push(...issues);
  }
  const lineOfFlow = new Map(parsedFiles.map(({ parsed }) => [parsed.file, parsed.lineOf]));
  result.issues.push(...checkHandovers(result, (id, path) => lineOfFlow.get(result.files[id])?.(path)));
  result.issues.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  return result;
}

/**
 * Goto steps across the folder: each must name a guide there, and no chain of them may come back to
 * the guide it left, where a user could go round from guide to guide without end.
 */
function checkHandovers({ flows, files }: FlowDirAnalysis, lineOf: (flowId: string, path: YamlPath) => number | undefined): LintIssue[] {
  const has = (id: string) => Object.prototype.hasOwnProperty.call(flows, id);
  const gotos = (flowId: string) => Object.entries(flows[flowId].steps).flatMap(([id, s]) => (s.kind === 'goto' ? [{ id, to: s.flow }] : []));
  // The guides a hand-over from `from` goes through to come back to `to`, if it can.
  const pathBack = (from: string, to: string, seen = new Set<string>()): string[] | undefined => {
    if (from === to) return [to];
    if (seen.has(from) || !has(from)) return undefined;
    seen.add(from);
    for (const { to: next } of gotos(from)) {
      const rest = pathBack(next, to, seen);
      if (rest) return [from, ...rest];
    }
    return undefined;
  };
  return Object.keys(flows).flatMap((flowId) =>
    gotos(flowId).flatMap(({ id, to }) => {
      const at = { file: files[flowId], line: lineOf(flowId, ['steps', id, 'flow']), severity: 'error' as const };
      if (!has(to)) return [{ ...at, message: `unknown flow '${to}' in step '${id}': no guide has that id` }];
      const loop = pathBack(to, flowId);
      return loop ? [{ ...at, message: `guides hand over in a loop: ${[flowId, ...loop].join(' -> ')}; end one of them in its own steps instead` }] : [];
    }),
  );
}

/**
 * Text the user would see garbled: the redaction runs over the bot's own messages too, as a safety
 * net, so a step that reads like a secret ("the Wi-Fi password ... it's case-sensitive") reaches the
 * user as "it's [removed]". The author rewords it.
 */
function checkShownText(flow: Flow, file: string, lineOf: LineLookup): LintIssue[] {
  const shown: { path: YamlPath; text: string }[] = [{ path: ['title'], text: flow.title }];
  for (const [id, step] of Object.entries(flow.steps)) {
    if (step.kind === 'goto') continue;
    shown.push({ path: ['steps', id, 'text'], text: step.text });
    if ('link' in step && step.link) shown.push({ path: ['steps', id, 'link', 'title'], text: step.link.title });
    if ('options' in step) step.options.forEach((o, i) => shown.push({ path: ['steps', id, 'options', i, 'label'], text: o.label }));
  }
  return shown.flatMap(({ path, text }) => {
    const redacted = redactSecrets(text).text;
    if (redacted === text) return [];
    return [{ file, line: lineOf(path), severity: 'warning' as const, message: `the redaction takes part of this text for a secret; the user would see "${redacted}": reword it` }];
  });
}

/**
 * A symptom of only a device's name ("speakers") or of words that say nothing of the problem
 * ("not working") never matches: guides are chosen by the problem's words, the device only narrows
 * them. The author adds what is wrong ("speakers stopped working").
 */
function checkSymptoms(flow: Flow, file: string, lineOf: LineLookup): LintIssue[] {
  return symptomsNeverMatched(flow).map((i) => ({
    file,
    line: lineOf(['symptoms', i]),
    severity: 'warning' as const,
    message: `symptom "${flow.symptoms[i]}" names no problem, only a device or words any problem has, so it never matches: say what is wrong`,
  }));
}

/** Every problem in the flow folder: schema, unknown ids, unreachable steps, loops, dead ends, missing escalation. */
export function lintFlows(dir: string): LintIssue[] {
  return analyseFlowDir(dir).issues;
}

/** Human-readable report, one `file:line: severity: message` per issue, then a count. */
export function formatLintReport(issues: readonly LintIssue[]): string {
  if (!issues.length) return 'Flows OK: no problems found.';
  const lines = issues.map((i) => `${i.file}${i.line !== undefined ? `:${i.line}` : ''}: ${i.severity}: ${i.message}`);
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  const files = new Set(issues.map((i) => i.file)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}.`);
  return lines.join('\n');
}
