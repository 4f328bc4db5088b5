import type { HandoffMessage, HandoffRecord } from '../../services/handoff/handoff-record';
import type { HandoffQueue } from '../../services/handoff/handoff-queue';
import { handoffTranscript } from '../../services/handoff/handoff-transcript';
import { maskContact } from '../../services/handoff/masking';
import type { CasePort, ConsentFlags, ConsentPort, ContactPort, TranscriptPort } from '../../services/handoff/ports';
import type { Contact } from '../../services/handoff/handoff-record';

export interface ViewDeps {
  queue: HandoffQueue;
  cases?: CasePort;
  consents?: ConsentPort;
  transcript?: TranscriptPort;
  contacts?: ContactPort;
  /** Masks personal data in free text (redactAll(text).text). */
  redact: (text: string) => string;
  /** The same for the bot's own lines (transcript, notes), keeping the bot's own URLs; `redact` when absent. */
  redactBot?: (text: string) => string;
}

/** The JSON the technician API answers with (technician-api.md); personal data is always masked here (P10). */
export class HandoffViews {
  constructor(private readonly deps: ViewDeps) {}

  private get redactBot(): (text: string) => string {
    return this.deps.redactBot ?? this.deps.redact;
  }

  /**
   * A line of the live chat. Personal data is masked, except in the reader's own lines: a technician
   * sees what they wrote as they wrote it (secrets were taken out before it was stored), while
   * another reader (a supervisor) gets them masked, since they may repeat a field the writer revealed.
   */
  chatMessage(m: HandoffMessage, byReader: boolean) {
    const text = m.from === 'technician' && byReader ? m.text : m.from === 'system' ? this.redactBot(m.text) : this.deps.redact(m.text);
    return { id: m.cursor, from: m.from, text, timestamp: m.timestamp };
  }

  listItem(h: HandoffRecord) {
    return {
      id: h.id,
      status: h.status,
      createdAt: h.createdAt,
      waitingSeconds: this.deps.queue.waitingSeconds(h),
      device: h.device,
      // The time the user asked to be called at is read where the queue is: it decides who calls when.
      summary: this.deps.redact(`${h.summary ?? h.reason}${h.preferredTime ? `; preferred time: ${h.preferredTime}` : ''}`),
      assignedTo: h.assignedTo ? { id: h.assignedTo.technicianId, name: h.assignedTo.name } : null,
      priority: h.priority,
      followUp: h.kind === 'live' ? null : h.kind,
    };
  }

  async detail(h: HandoffRecord) {
    const facts = h.caseId ? await this.deps.cases?.get(h.userId, h.caseId).catch(() => undefined) : undefined;
    const consents: ConsentFlags = (await this.deps.consents?.flags(h.userId, h.conversationId).catch(() => undefined)) ?? { remoteAccess: false, recording: !h.recordingOff };
    const profile: Contact = (await this.deps.contacts?.get(h.userId).catch(() => undefined)) ?? {};
    const shared: Contact = Object.fromEntries(h.contactFields.flatMap((f) => (profile[f] ? [[f, profile[f]]] : [])));
    const transcript = await handoffTranscript(this.deps.transcript, h);
    return {
      ...this.listItem(h),
      reason: this.deps.redact(h.reason),
      outcome: h.outcome ?? null,
      // What the technician who ended it wrote, for whoever opens the ticket next (a user calling about it).
      resolution: h.resolution ? this.deps.redact(h.resolution) : null,
      releaseNote: h.releaseNote ? this.deps.redact(h.releaseNote) : null,
      rating: h.rating ?? null,
      hub: h.hub ?? null,
      case: {
        device: facts?.device ?? h.device,
        problem: this.deps.redact(facts?.problem ?? h.reason),
        stepsTried: (facts?.stepsTried ?? []).map((s) => ({ stepId: s.stepId, text: s.text, outcome: s.outcome })),
        contact: maskContact(shared),
        consents: { ...consents, recording: consents.recording && !h.recordingOff },
        // Problems the user asked a technician about at a guide's step while the ticket waited, each with
        // what its guide had them try: the queue's summary names them, and the technician calls about all of them.
        addedProblems: await Promise.all((h.addedProblems ?? []).map((p) => this.addedProblem(h, p))),
        // What features found out for the technician, e.g. the computed refund eligibility.
        ...(facts?.notes?.eligibility ? { refund: refundView(facts.notes) } : {}),
      },
      transcript: transcript.map((t) => ({ from: t.from, text: t.from === 'bot' ? this.redactBot(t.text) : this.deps.redact(t.text), timestamp: t.timestamp })),
    };
  }

  private async addedProblem(h: HandoffRecord, added: NonNullable<HandoffRecord['addedProblems']>[number]) {
    const facts = added.caseId ? await this.deps.cases?.get(h.userId, added.caseId).catch(() => undefined) : undefined;
    return {
      device: added.device,
      problem: this.deps.redact(added.problem),
      stepsTried: (facts?.stepsTried ?? []).map((s) => ({ stepId: s.stepId, text: s.text, outcome: s.outcome })),
      addedAt: added.addedAt,
    };
  }
}

/** The billing facts a refund request carries: the plan, the verdict and the rule that decided it. */
function refundView(notes: Record<string, unknown>) {
  const e = notes.eligibility as { eligible: boolean; rule: string; ruleId: string; refundableAmount: number; notes?: string[] };
  return { plan: notes.plan ?? null, eligible: e.eligible, rule: e.rule, ruleId: e.ruleId, refundableAmount: e.refundableAmount, notes: e.notes ?? [] };
}
