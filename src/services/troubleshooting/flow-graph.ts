import { TECHNICIAN_OPTION, isTerminal, nextIds, type Flow } from './flow-schema';
import type { LintIssue, LineLookup } from './flow-source';

export const MIN_STEPS = 5;

/** Structural checks on a schema-valid flow: every user must be able to reach an ending. */
export function checkFlowGraph(flow: Flow, file: string, lineOf: LineLookup): LintIssue[] {
  const issues: LintIssue[] = [];
  const error = (line: number | undefined, message: string) => issues.push({ file, line, severity: 'error', message });
  const warn = (line: number | undefined, message: string) => issues.push({ file, line, severity: 'warning', message });
  const ids = Object.keys(flow.steps);
  const exists = (id: string) => Object.prototype.hasOwnProperty.call(flow.steps, id);

  if (!exists(flow.start)) error(lineOf(['start']), `unknown start step '${flow.start}'`);
  for (const id of ids) {
    const step = flow.steps[id];
    if (step.kind === 'collect') {
      if (!exists(step.next)) error(lineOf(['steps', id, 'next']), `unknown next id '${step.next}' in step '${id}'`);
      for (const [detail, next] of Object.entries(step.next_if_given ?? {})) {
        if (next !== undefined && !exists(next)) error(lineOf(['steps', id, 'next_if_given', detail]), `unknown next id '${next}' in step '${id}'`);
      }
      continue;
    }
    if (step.kind !== 'instruction' && step.kind !== 'question') continue;
    const labels = new Set<string>();
    step.options.forEach((option, i) => {
      if (!exists(option.next)) {
        error(lineOf(['steps', id, 'options', i, 'next']), `unknown next id '${option.next}' in step '${id}'`);
      }
      const label = option.label.toLowerCase();
      if (label === TECHNICIAN_OPTION.toLowerCase()) {
        error(lineOf(['steps', id, 'options', i, 'label']), `'${TECHNICIAN_OPTION}' is added to every step by the dialog; remove it from step '${id}'`);
      }
      if (labels.has(label)) error(lineOf(['steps', id, 'options', i]), `duplicate option label '${option.label}' in step '${id}'`);
      labels.add(label);
      // A phrase that answers the question two ways answers it neither way: the question is always asked.
      const said = (o: object) => ('said' in o && Array.isArray(o.said) ? (o.said as string[]) : []);
      for (const phrase of said(option)) {
        const other = step.options.findIndex((o, j) => j > i && said(o).includes(phrase));
        if (other > i) error(lineOf(['steps', id, 'options', i, 'said']), `'${phrase}' is said for two answers of step '${id}' ('${option.label}' and '${step.options[other].label}')`);
      }
      // "That worked" is the user telling us the problem is gone; anything else is confusing.
      if (label === 'that worked' && exists(option.next) && flow.steps[option.next].kind !== 'resolved') {
        warn(lineOf(['steps', id, 'options', i, 'next']), `'That worked' in step '${id}' should lead to a resolved step`);
      }
    });
  }

  const reachable = new Set<string>();
  const queue = exists(flow.start) ? [flow.start] : [];
  while (queue.length) {
    const id = queue.shift()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const next of nextIds(flow.steps[id])) if (exists(next) && !reachable.has(next)) queue.push(next);
  }
  for (const id of ids) {
    if (exists(flow.start) && !reachable.has(id)) warn(lineOf(['steps', id]), `unreachable step '${id}': no option leads to it`);
  }

  // Fixpoint from the endings backwards: a step can exit if some choice leads to a step that can.
  // A goto leaves for another guide, whose own endings its own checks see to.
  const canExit = new Set(ids.filter((id) => isTerminal(flow.steps[id]) || flow.steps[id].kind === 'goto'));
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of ids) {
      if (!canExit.has(id) && nextIds(flow.steps[id]).some((n) => canExit.has(n))) {
        canExit.add(id);
        changed = true;
      }
    }
  }
  const stuck = ids.filter((id) => !canExit.has(id));
  if (stuck.length) {
    const stuckSet = new Set(stuck);
    const onCycle = stuck.some((id) => leadsBackTo(flow, id, stuckSet));
    const list = stuck.map((s) => `'${s}'`).join(', ');
    error(
      lineOf(['steps', stuck[0]]),
      onCycle
        ? `loop without exit: ${list} never reach a resolved or escalate step`
        : `dead end: ${list} never reach a resolved or escalate step`,
    );
  }

  const escalations = ids.filter((id) => flow.steps[id].kind === 'escalate');
  if (!escalations.some((id) => reachable.has(id))) {
    error(
      lineOf(['steps']),
      escalations.length
        ? 'missing escalation: no escalate step is reachable from start'
        : 'missing escalation: add an escalate step for when nothing works (for example a likely hardware fault)',
    );
  }
  if (ids.length < MIN_STEPS) warn(lineOf(['steps']), `only ${ids.length} steps: a flow should have at least ${MIN_STEPS}`);
  const branches = ids.some((id) => new Set(nextIds(flow.steps[id])).size > 1);
  if (!branches) warn(lineOf(['steps']), 'no branch: no step offers a choice between different next steps');
  return issues;
}

function leadsBackTo(flow: Flow, origin: string, within: Set<string>): boolean {
  const seen = new Set<string>();
  const stack = nextIds(flow.steps[origin]).filter((n) => within.has(n));
  while (stack.length) {
    const id = stack.pop()!;
    if (id === origin) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const n of nextIds(flow.steps[id])) if (within.has(n)) stack.push(n);
  }
  return false;
}
