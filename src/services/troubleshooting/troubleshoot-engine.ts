import { z } from 'zod';
import { getFlow, type FlowCatalog } from './flow-loader';
import type { Flow, FlowDevice, Step } from './flow-schema';

// FlowProgress lives in bot state and must survive restarts and server moves, so it is
// plain JSON that names steps by id and never holds the flow itself.

export const HistoryEntrySchema = z.object({
  stepId: z.string(),
  text: z.string(),
  /** The option label the user chose (for collect steps: what the device-info dialog reported). */
  outcome: z.string(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const FlowProgressSchema = z.object({
  flowId: z.string(),
  stepId: z.string(),
  /** 1-based count of steps shown so far, including the current one. */
  n: z.number().int().positive(),
  history: z.array(HistoryEntrySchema),
});
export type FlowProgress = z.infer<typeof FlowProgressSchema>;

/** Stored progress (a case's notes, a conversation's kept flow) if it is valid, else undefined. */
export function parseFlowProgress(value: unknown): FlowProgress | undefined {
  const parsed = FlowProgressSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export type FlowStatus = 'in_progress' | 'resolved' | 'escalated';

export interface CurrentStep {
  flowId: string;
  stepId: string;
  n: number;
  step: Step;
  /** Labels the user can pick; empty for endings and for collect steps (the device-info dialog asks). */
  options: string[];
}

/** What goes into channelData.helpline.step. */
export interface StepRef {
  flow: string;
  stepId: string;
  n: number;
}

export interface CaseSummary {
  flowId: string;
  device: FlowDevice;
  problem: string;
  stepsTried: HistoryEntry[];
  status: FlowStatus;
  /** The escalate step's reason, when the flow ended there. */
  escalationReason?: string;
}

/** The outcome recorded for a collect step when the caller gives none. */
export const COLLECT_DONE = 'Details provided';

export class FlowEngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowEngineError';
  }
}

function flowOf(catalog: FlowCatalog, flowId: string): Flow {
  const flow = getFlow(catalog, flowId);
  if (!flow) throw new FlowEngineError(`unknown flow '${flowId}'`);
  return flow;
}

function stepOf(flow: Flow, stepId: string): Step {
  if (!Object.prototype.hasOwnProperty.call(flow.steps, stepId)) {
    throw new FlowEngineError(`flow '${flow.id}' has no step '${stepId}' (was the content changed?)`);
  }
  return flow.steps[stepId];
}

/** Begins a flow at its start step (n = 1). */
export function startFlow(catalog: FlowCatalog, flowId: string): FlowProgress {
  const flow = flowOf(catalog, flowId);
  stepOf(flow, flow.start);
  return { flowId, stepId: flow.start, n: 1, history: [] };
}

/** The step to show now, with the labels the user may choose. */
export function currentStep(catalog: FlowCatalog, progress: FlowProgress): CurrentStep {
  const flow = flowOf(catalog, progress.flowId);
  const step = stepOf(flow, progress.stepId);
  const options = step.kind === 'instruction' || step.kind === 'question' ? step.options.map((o) => o.label) : [];
  return { flowId: flow.id, stepId: progress.stepId, n: progress.n, step, options };
}

/**
 * The answer a question step already has in the message the user opened with: the one option
 * whose `said` phrases appear in it as whole words. `opening` may be several readings of the
 * message (as typed, and its typo-corrected words: "keeps droping" says "keeps dropping"). None
 * when no option or more than one does ("red and orange"): then the question is asked.
 */
export function answeredByOpening(step: Step, opening: string | readonly string[]): string | undefined {
  if (step.kind !== 'question') return undefined;
  const words = (s: string) => ` ${s.toLowerCase().replace(/['’]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  const readings = (typeof opening === 'string' ? [opening] : opening).map(words);
  const answers = step.options.filter((o) => o.said?.some((p) => readings.some((text) => text.includes(words(p)))));
  return answers.length === 1 ? answers[0].label : undefined;
}

/** The channelData.helpline.step value for the step being shown. */
export function stepRef(progress: FlowProgress): StepRef {
  return { flow: progress.flowId, stepId: progress.stepId, n: progress.n };
}

/**
 * Moves on by the user's choice and records it. Labels match case- and space-insensitively;
 * collect steps accept any outcome (e.g. "Details provided", "Skipped").
 */
export function advance(catalog: FlowCatalog, progress: FlowProgress, optionLabel: string): FlowProgress {
  const flow = flowOf(catalog, progress.flowId);
  const step = stepOf(flow, progress.stepId);
  let next: string;
  let outcome: string;
  switch (step.kind) {
    case 'resolved':
    case 'escalate':
      throw new FlowEngineError(`flow '${flow.id}' has already ended at '${progress.stepId}'`);
    case 'collect':
      next = step.next;
      outcome = optionLabel.trim() || COLLECT_DONE;
      break;
    default: {
      const wanted = normalise(optionLabel);
      const option = step.options.find((o) => normalise(o.label) === wanted);
      if (!option) {
        throw new FlowEngineError(
          `'${optionLabel}' is not an option of step '${progress.stepId}'; expected one of: ${step.options.map((o) => o.label).join(', ')}`,
        );
      }
      next = option.next;
      outcome = option.label;
    }
  }
  stepOf(flow, next);
  return {
    flowId: progress.flowId,
    stepId: next,
    n: progress.n + 1,
    history: [...progress.history, { stepId: progress.stepId, text: step.text, outcome }],
  };
}

function normalise(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Whether the flow sits on a resolved or escalate step. */
export function flowStatus(catalog: FlowCatalog, progress: FlowProgress): FlowStatus {
  const kind = stepOf(flowOf(catalog, progress.flowId), progress.stepId).kind;
  return kind === 'resolved' ? 'resolved' : kind === 'escalate' ? 'escalated' : 'in_progress';
}

export function isFinished(catalog: FlowCatalog, progress: FlowProgress): boolean {
  return flowStatus(catalog, progress) !== 'in_progress';
}

/** What a technician needs to pick the case up: device, problem and every step tried with its outcome. */
export function caseSummary(catalog: FlowCatalog, progress: FlowProgress): CaseSummary {
  const flow = flowOf(catalog, progress.flowId);
  const step = stepOf(flow, progress.stepId);
  const summary: CaseSummary = {
    flowId: flow.id,
    device: flow.device,
    problem: flow.title,
    stepsTried: progress.history.map((h) => ({ ...h })),
    status: flowStatus(catalog, progress),
  };
  if (step.kind === 'escalate') summary.escalationReason = step.reason;
  return summary;
}
