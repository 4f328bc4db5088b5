import type { Activity, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { ConsentLedger } from '../../services/privacy/consent-ledger';
import { askedEachTime } from '../../services/privacy/requests/purposes';
import { wireNotice, type Notice, type NoticeId, type NoticeService } from '../../services/privacy/notices';
import { conversationData, type ConversationData } from '../conversation-data';
import { userIdOf } from '../identity';
import { message } from '../wire';

export interface NoticeOutcome {
  notice: Notice;
  /** The notice was sent in this turn. */
  sent: boolean;
  /** The version the user saw before, when it differs from the current one (P14). */
  changedFrom?: string;
  /** What changed since the version the user last saw, in plain words. */
  changes: string[];
  /** Consent is the basis and the user's yes was given under an older version: ask again. */
  reconsent: boolean;
}

export interface NoticeGateOptions {
  notices: NoticeService;
  consents: ConsentLedger;
  conversationData: StatePropertyAccessor<ConversationData>;
}

export interface EnsureNoticeOptions {
  /** A sentence for this particular use, e.g. which of the questions are optional. */
  note?: string;
  suggestions?: string[];
}

/**
 * Just-in-time notices (P1, P14): before the first question of a category in a conversation the
 * user gets the notice for it, once per conversation and again when its version changes. A
 * returning user who saw an older version is told what changed first.
 */
export class NoticeGate {
  constructor(private readonly options: NoticeGateOptions) {}

  /**
   * The notice as the answer to a question about it ("why do you need that?"), at one of its
   * questions or at an offer that leads to one. Not shown yet in this conversation, the answer is
   * the notice itself (with what changed, for a returning user) and counts as shown, recorded as
   * ensureNotice records it: the question that follows does not show it again. Without its
   * lead-in ("Before I ask: ..."), which does not fit an answer. The caller sends `activity`, then
   * calls `commit`.
   */
  async answer(context: TurnContext, category: NoticeId | string): Promise<PreparedNotice & { activity: Partial<Activity> }> {
    const prepared = await this.prepare(context, category);
    const activity = prepared.activity ?? message(this.options.notices.noticeFor(category).text);
    return { ...prepared, activity: { ...activity, text: activity.text?.replace(/\bbefore i ask:\s*(\w)/i, (_m, c: string) => c.toUpperCase()) } };
  }

  /** Sends the notice for `category` unless this conversation has already seen this version. */
  async ensureNotice(context: TurnContext, category: NoticeId | string, options: EnsureNoticeOptions = {}): Promise<NoticeOutcome> {
    const prepared = await this.prepare(context, category, options);
    if (!prepared.activity) return prepared.outcome;
    await context.sendActivity(prepared.activity);
    await prepared.commit();
    return prepared.outcome;
  }

  /**
   * Whether this user saw the notice for `category` before, in this conversation or an earlier one
   * (any version). From the copy `prepare` keeps, so it costs no read the notice would not cost anyway.
   */
  async seenBefore(context: TurnContext, category: NoticeId | string): Promise<boolean> {
    const notice = this.options.notices.noticeFor(category);
    const data = await conversationData(this.options.conversationData, context);
    if (data.noticesShown?.[notice.id] !== undefined) return true;
    const seen = (data.seenNotices ??= await this.options.notices.seenBy(userIdOf(context.activity)));
    return seen[notice.id] !== undefined;
  }

  /**
   * Decides whether the notice is due and marks it shown in this conversation at once; the caller
   * sends `activity` and then calls `commit`. For senders that must mark the notice before the
   * turn's state is saved but send it later in the turn.
   */
  async prepare(context: TurnContext, category: NoticeId | string, options: EnsureNoticeOptions = {}): Promise<PreparedNotice> {
    const { notices, consents } = this.options;
    const notice = notices.noticeFor(category);
    const data = await conversationData(this.options.conversationData, context);
    data.noticesShown ??= {};
    if (data.noticesShown[notice.id] === notice.version) return { outcome: { notice, sent: false, changes: [], reconsent: false }, commit: async () => {} };

    const userId = userIdOf(context.activity);
    // What the user saw across conversations is read once per conversation: a later notice in
    // the same conversation works from this copy, which the gate keeps up to date itself.
    const seen = (data.seenNotices ??= await notices.seenBy(userId));
    const lastSeen = seen[notice.id]?.version;
    let changedFrom = lastSeen !== undefined && lastSeen !== notice.version ? lastSeen : undefined;
    let reconsent = false;
    // Only a standing yes (recording) waits for an answer to a changed notice. A yes asked each time
    // it is needed (remote access, a pasted log) is asked again anyway, after the notice: a change
    // to such a notice is told once, like any other, and remembered as seen once shown (P14).
    if (notice.basis === 'consent' && notice.consentPurpose && !askedEachTime(notice.consentPurpose)) {
      const decision = (await consents.current(userId))[notice.consentPurpose];
      if (decision?.granted && decision.noticeVersion && decision.noticeVersion !== notice.version) {
        if (!changedFrom || decision.noticeVersion < changedFrom) changedFrom = decision.noticeVersion;
      }
      // A yes given, or a notice accepted by carrying on, under an older version does not cover
      // this one; a no stands as it is, and a yes to this very version needs no asking.
      reconsent = changedFrom !== undefined && decision?.granted !== false && decision?.noticeVersion !== notice.version;
    }
    const changes = changedFrom ? notices.changesSince(notice.id, changedFrom) : [];
    data.noticesShown[notice.id] = notice.version;
    // A user who already saw this exact version costs no write. Nor is a version whose consent is
    // asked again remembered as seen until the user answers: a chat left without an answer asks
    // again next time, rather than counting the new terms as accepted.
    const next = lastSeen !== notice.version && !reconsent ? notices.withSeen(seen, notice.id, notice.version) : undefined;
    if (next) data.seenNotices = next;
    return {
      outcome: { notice, sent: true, changedFrom, changes, reconsent },
      activity: message(noticeText(notice, changedFrom, changes, options.note), { notice: wireNotice(notice) }, options.suggestions),
      commit: async () => {
        if (next) await notices.saveSeen(userId, next);
      },
    };
  }
}

export interface PreparedNotice {
  outcome: NoticeOutcome;
  /** The notice activity to send; absent when it is not due. */
  activity?: Partial<Activity>;
  /** Records that the user has seen this version (after sending). */
  commit(): Promise<void>;
}

/** The text of a notice activity: what changed (for a returning user), the notice, and the note. */
export function noticeText(notice: Notice, changedFrom: string | undefined, changes: string[], note?: string): string {
  const parts: string[] = [];
  if (changedFrom) {
    const what = changes.length > 0 ? ` What changed: ${changes.join(' ')}` : '';
    const ask =
      notice.basis === 'consent'
        ? ' This is based on your consent, so it is your choice again; nothing changes for you until you decide.'
        : ' The new version applies from now on.';
    parts.push(`We've updated how we handle your ${notice.title} since you last saw this notice (${changedFrom}).${what}${ask}`);
  }
  parts.push(notice.text);
  if (note) parts.push(note);
  return parts.join('\n\n');
}
