import type { ConsentLedger, ConsentRecord } from './consent-ledger';

export interface RemoteAccessConsentOptions {
  /** The current remote_access notice version: a yes given under an older one no longer counts (P14). */
  noticeVersion: string;
  now?: () => number;
  /** A yes covers one session, not forever: after this long a technician must ask again. Default 8 hours. */
  validForMs?: number;
}

export interface RemoteAccessDecision {
  userId: string;
  conversationId?: string;
  channel: string;
  source?: string;
}

const DEFAULT_VALIDITY_MS = 8 * 3600_000;

/**
 * Remote-access consent (P6): an explicit yes recorded with time and notice version, a
 * withdrawal that takes effect at once, and the check a technician's tool must pass before it
 * may start a session.
 */
export class RemoteAccessConsent {
  private readonly now: () => number;

  constructor(
    private readonly ledger: ConsentLedger,
    private readonly options: RemoteAccessConsentOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get noticeVersion(): string {
    return this.options.noticeVersion;
  }

  async grant(decision: RemoteAccessDecision): Promise<ConsentRecord> {
    return this.ledger.record({ ...decision, purpose: 'remote_access', granted: true, noticeVersion: this.options.noticeVersion });
  }

  /** Records a no (a refusal or a withdrawal). */
  async refuse(decision: RemoteAccessDecision): Promise<ConsentRecord> {
    return this.ledger.record({ ...decision, purpose: 'remote_access', granted: false, noticeVersion: this.options.noticeVersion });
  }

  /** The user's latest remote-access decision, however old. */
  async latestDecision(userId: string): Promise<ConsentRecord | undefined> {
    return (await this.ledger.current(userId)).remote_access;
  }

  /** The user's current yes, if it still covers a session now (right version, recent, optionally this conversation). */
  async currentGrant(userId: string, options: { conversationId?: string } = {}): Promise<ConsentRecord | undefined> {
    const latest = await this.latestDecision(userId);
    if (!latest?.granted) return undefined;
    if (latest.noticeVersion !== this.options.noticeVersion) return undefined;
    if (this.now() - Date.parse(latest.at) > (this.options.validForMs ?? DEFAULT_VALIDITY_MS)) return undefined;
    if (options.conversationId && latest.conversationId !== options.conversationId) return undefined;
    return latest;
  }

  /** What the technician side checks before starting a remote session. */
  async hasRemoteAccessConsent(userId: string, options: { conversationId?: string } = {}): Promise<boolean> {
    return (await this.currentGrant(userId, options)) !== undefined;
  }
}

const STOP =
  /\b(?:stop|end|revoke|withdraw|cancel|terminate|disconnect|close|kill|quit|finish|turn\s+off|switch\s+off|cut)\b[\w\s'-]{0,30}?\bremote\b|\bremote\s+(?:access|session|control|connection|desktop|support)?\s*(?:off|stop|end)\b|\b(?:get|kick)\s+(?:out\s+of|off)\s+my\s+(?:computer|pc|laptop|mac|screen|device)\b|\bno\s+(?:more\s+)?remote\b/i;

/** True when the user asks to end remote access ("stop the remote session", "revoke remote access"). */
export function asksToStopRemoteAccess(text: string): boolean {
  return STOP.test(text);
}

// With a technician on the device, people don't say "remote": "disconnect him", "end the session",
// "stop moving my mouse", "I withdraw my consent". Without a standing yes these mean something else.
const STOP_WHILE_GRANTED =
  /\b(?:stop|end|close|terminate|kill|cancel|quit)\s+(?:the\s+|this\s+|that\s+)?(?:session|connection|screen\s*-?shar\w*)\b|\bdisconnect(?:\s+(?:him|her|them|it|now|please|me|the\s+(?:tech\w*|session|connection)))*[\s.!]*$|\b(?:revoke|withdraw)\b[\w\s']{0,20}?\b(?:consent|access|permission)\b|\bno\s+longer\s+(?:consent|agree)\b|\bstop\s+(?:controlling|moving|using|touching|viewing|watching|sharing)\s+my\s+(?:mouse|screen|computer|pc|laptop|mac|device)\b|\b(?:off|out\s+of)\s+my\s+(?:computer|pc|laptop|mac|screen|device)\b/i;

/** True for words that end a remote session only while the user has a yes standing ("disconnect him", "end the session"). */
export function endsRemoteSessionIfGranted(text: string): boolean {
  return STOP_WHILE_GRANTED.test(text);
}
