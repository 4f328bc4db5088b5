import type { HandoffRecord } from './handoff-record';
import type { TranscriptEntry, TranscriptPort } from './ports';

/**
 * The transcripts of every chat a handoff was in (it moves with a user who opens a new chat), in
 * time order: what the console and an agent hub show. None for an unrecorded handoff (P8),
 * whatever the store holds.
 */
export async function handoffTranscript(port: TranscriptPort | undefined, h: HandoffRecord): Promise<TranscriptEntry[]> {
  if (!port || h.recordingOff) return [];
  const chats = await Promise.all([...(h.movedFrom ?? []), h.conversationId].map((id) => port.list(id).catch(() => [])));
  // Each chat's entries are in order already; a stable sort interleaves what was written in two at once.
  return chats.flat().sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}
