import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { progressKeptFor } from '../../services/cases/case-progress';
import type { Store } from '../../services/storage/store';
import { parseFlowProgress, type FlowProgress } from '../../services/troubleshooting/troubleshoot-engine';
import { conversationData, type ConversationData } from '../conversation-data';

/**
 * Where a flow's progress lives between the case's milestones. The case record is written when
 * a flow starts, when it ends (fixed, escalated) and when a handoff or another conversation
 * takes it up; the steps in between go into the conversation's own data, which is saved with
 * every turn anyway, so a step costs no write of its own. A new conversation that offers to
 * continue reads the progress from the conversation the case was worked on in.
 */
export interface FlowMemory {
  /** Keeps the progress of case `caseId` with this conversation (saved with the turn's state). */
  remember(context: TurnContext, caseId: string, progress: FlowProgress): Promise<void>;
  /** The case this conversation keeps progress for (only `caseId`'s, when given), with that progress. */
  current(context: TurnContext, caseId?: string): Promise<{ caseId: string; progress: FlowProgress } | undefined>;
  /** The progress kept by conversation `conversationId` of `userId` on `caseId`, if any. */
  recall(userId: string, conversationId: string, caseId: string): Promise<FlowProgress | undefined>;
  /** The case's record now holds everything (it ended): nothing more to keep for it. */
  forget(context: TurnContext, caseId: string): Promise<void>;
  /** Case `caseId` ended as fixed with `progress` (undefined: nothing ended so, or something else began since). */
  endedFixed(context: TurnContext, fixed: { caseId: string; progress: FlowProgress } | undefined): Promise<void>;
  /** The case this conversation last ended as fixed, unless something else began since. */
  lastFixed(context: TurnContext): Promise<{ caseId: string; progress: FlowProgress } | undefined>;
}

export function conversationFlowMemory(store: Store, accessor: StatePropertyAccessor<ConversationData>): FlowMemory {
  return {
    async remember(context, caseId, progress) {
      const data = await conversationData(accessor, context);
      data.caseId = caseId;
      data.flow = { caseId, progress };
    },
    async current(context, caseId) {
      const flow = (await conversationData(accessor, context)).flow;
      if (!flow || (caseId !== undefined && flow.caseId !== caseId)) return undefined;
      const progress = parseFlowProgress(flow.progress);
      return progress && { caseId: flow.caseId, progress };
    },
    async forget(context, caseId) {
      const data = await conversationData(accessor, context);
      if (data.flow?.caseId === caseId) delete data.flow;
    },
    async endedFixed(context, fixed) {
      const data = await conversationData(accessor, context);
      if (fixed) data.fixed = fixed;
      else delete data.fixed;
    },
    async lastFixed(context) {
      const fixed = (await conversationData(accessor, context)).fixed;
      const progress = fixed && parseFlowProgress(fixed.progress);
      return progress && { caseId: fixed.caseId, progress };
    },
    recall: (userId, conversationId, caseId) => progressKeptFor(store, userId, conversationId, caseId),
  };
}
