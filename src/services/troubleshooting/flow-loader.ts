import type { Flow, FlowDevice } from './flow-schema';
import { analyseFlowDir, type LintIssue } from './flow-lint';

export interface FlowCatalog {
  readonly flows: Readonly<Record<string, Flow>>;
  /** Lint warnings (not fatal) so the composition root can log them at startup. */
  readonly warnings: readonly LintIssue[];
}

export interface FlowSummary {
  id: string;
  title: string;
  device: FlowDevice;
  summary: string;
}

/** Thrown when flow content is invalid; the message names each file and line to fix. */
export class FlowError extends Error {
  constructor(readonly issues: readonly LintIssue[]) {
    super(
      issues.length === 1
        ? describe(issues[0])
        : `${issues.length} problems in troubleshooting flows:\n` + issues.map((i) => `  ${describe(i)}`).join('\n'),
    );
    this.name = 'FlowError';
  }
}

function describe(issue: LintIssue): string {
  return `${issue.file}${issue.line !== undefined ? `:${issue.line}` : ''}: ${issue.message}`;
}

/** Loads and validates every flow in `dir`; throws FlowError on any error so bad content fails at startup. */
export function loadFlows(dir = 'content/flows'): FlowCatalog {
  const { flows, issues } = analyseFlowDir(dir);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new FlowError(errors);
  return { flows, warnings: issues.filter((i) => i.severity === 'warning') };
}

/** The flow with this id, or undefined. */
export function getFlow(catalog: FlowCatalog, id: string): Flow | undefined {
  return Object.prototype.hasOwnProperty.call(catalog.flows, id) ? catalog.flows[id] : undefined;
}

export function summarizeFlow(flow: Flow): FlowSummary {
  return { id: flow.id, title: flow.title, device: flow.device, summary: flow.summary };
}

/** All flows as summaries, for menus ("What is the problem?") and the help text. */
export function listFlows(catalog: FlowCatalog): FlowSummary[] {
  return Object.values(catalog.flows).map(summarizeFlow);
}
