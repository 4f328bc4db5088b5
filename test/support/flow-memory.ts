import type { FlowMemory } from '../../src/dialogs/troubleshoot/flow-memory';
import type { FlowProgress } from '../../src/services/troubleshooting/troubleshoot-engine';

/** A FlowMemory for dialog tests without the app's ConversationState: progress by conversation id. */
export function memoryFlowMemory(): FlowMemory & { kept: Map<string, { caseId: string; progress: FlowProgress }> } {
  const kept = new Map<string, { caseId: string; progress: FlowProgress }>();
  const fixed = new Map<string, { caseId: string; progress: FlowProgress }>();
  const find = (conversationId: string, caseId: string) => {
    const entry = kept.get(conversationId);
    return entry?.caseId === caseId ? structuredClone(entry.progress) : undefined;
  };
  return {
    kept,
    remember: async (context, caseId, progress) => void kept.set(context.activity.conversation.id, { caseId, progress: structuredClone(progress) }),
    current: async (context, caseId) => {
      const entry = kept.get(context.activity.conversation.id);
      if (!entry || (caseId !== undefined && entry.caseId !== caseId)) return undefined;
      return { caseId: entry.caseId, progress: structuredClone(entry.progress) };
    },
    recall: async (_userId, conversationId, caseId) => find(conversationId, caseId),
    forget: async (context, caseId) => {
      if (kept.get(context.activity.conversation.id)?.caseId === caseId) kept.delete(context.activity.conversation.id);
    },
    endedFixed: async (context, ended) => {
      if (ended) fixed.set(context.activity.conversation.id, structuredClone(ended));
      else fixed.delete(context.activity.conversation.id);
    },
    lastFixed: async (context) => structuredClone(fixed.get(context.activity.conversation.id)),
  };
}
