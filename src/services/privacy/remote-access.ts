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
