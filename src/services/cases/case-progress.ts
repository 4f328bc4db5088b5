import { botStateKeys } from '../privacy/requests/user-data';
import type { Store } from '../storage/store';
import { parseFlowProgress, type FlowProgress } from '../troubleshooting/troubleshoot-engine';
import type { CaseRecord } from './case-store';

/**
 * A troubleshooting case is written at its milestones (the flow starts, ends, is handed over or
 * picked up elsewhere); the steps in between are kept in the state of the conversation that works
 * on it, as `conversationData.flow` (see dialogs/troubleshoot/flow-memory.ts). These read them
 * back for whoever needs the case as it stands: a new conversation offering to continue, and
 * the user's data export.
 */
export async function progressKeptFor(store: Store, userId: string, conversationId: string, caseId: string): Promise<FlowProgress | undefined> {
  for (const key of botStateKeys(userId, conversationId)) {
    const found = await store.get<{ conversationData?: { flow?: { caseId?: string; progress?: unknown } } }>('botstate', key, key);
    const flow = found?.value.conversationData?.flow;
    if (flow?.caseId !== caseId) continue;
    return parseFlowProgress(flow.progress);
  }
  return undefined;
}

/** An open case with the steps its conversation has taken since the case was last written. */
export async function caseAsItStands(store: Store, record: CaseRecord): Promise<CaseRecord> {
  if (record.status !== 'open' || !parseFlowProgress(record.notes.progress)) return record;
  const kept = await progressKeptFor(store, record.userId, record.conversationId, record.id);
  if (!kept) return record;
  return { ...record, stepsTried: kept.history.map((h) => ({ ...h })), notes: { ...record.notes, progress: kept } };
}
