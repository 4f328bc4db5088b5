import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import type { Policy } from '../../config';
import { fromRoot } from '../../paths';
import type { Store } from '../storage/store';
import { CONSENT_PURPOSES, type ConsentPurpose } from './consent-ledger';

/** The just-in-time notices Helpline shows (content/notices/<id>.yaml). */
export const NOTICE_IDS = ['contact', 'device', 'diagnostics', 'remote_access', 'recording'] as const;
export type NoticeId = (typeof NOTICE_IDS)[number];

type RetentionCategory = keyof Policy['retentionDays'];
const RETENTION_CATEGORIES = ['transcripts', 'contact', 'device', 'cases', 'handoffs', 'botState', 'audit', 'billing'] as const satisfies readonly RetentionCategory[];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-01');

export const noticeFileSchema = z
  .object({
    id: z.enum(NOTICE_IDS),
    /** A date; a later date is a new version that is shown again (P14). */
    version: isoDate,
    title: z.string().min(1).max(60),
    categories: z.array(z.string().min(1)).min(1),
    purposes: z.array(z.string().min(1)).min(1),
    whoSees: z.string().min(1),
    /** Which retention period of the config file applies (retentionDays.<name>). */
    retention: z.enum(RETENTION_CATEGORIES),
    basis: z.enum(['consent', 'contract', 'legitimate_interests']),
    consentPurpose: z.enum(CONSENT_PURPOSES).optional(),
    required: z.boolean(),
    text: z.string().min(1).max(600),
    optional: z.string().min(1),
    /** What each version changed, in plain words, oldest first. */
    changes: z.array(z.object({ version: isoDate, summary: z.string().min(1) }).strict()).default([]),
  })
  .strict()
  .superRefine((notice, ctx) => {
    if (notice.basis === 'consent' && !notice.consentPurpose) {
      ctx.addIssue({ code: 'custom', path: ['consentPurpose'], message: 'is required when basis is consent' });
    }
    notice.changes.forEach((change, i) => {
      if (change.version > notice.version) {
        ctx.addIssue({ code: 'custom', path: ['changes', i, 'version'], message: `is later than the notice version ${notice.version}` });
      }
      if (i > 0 && change.version <= notice.changes[i - 1].version) {
        ctx.addIssue({ code: 'custom', path: ['changes', i, 'version'], message: 'changes must be listed oldest first, one per version' });
      }
    });
  });
export type NoticeFile = z.infer<typeof noticeFileSchema>;

export class NoticeCatalogueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoticeCatalogueError';
  }
}

/** Reads and validates every notice file; an error names the file, line and field. */
export function loadNoticeCatalogue(dir: string = fromRoot('content/notices')): NoticeFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    throw new NoticeCatalogueError(`${dir}: cannot read the notices folder`);
  }
  const notices: NoticeFile[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const notice = parseNoticeFile(file, fs.readFileSync(file, 'utf8'));
    if (path.basename(name).replace(/\.ya?ml$/, '') !== notice.id) {
      throw new NoticeCatalogueError(`${file}:1: id: "${notice.id}" must match the file name`);
    }
    notices.push(notice);
  }
  const missing = NOTICE_IDS.filter((id) => !notices.some((n) => n.id === id));
  if (missing.length > 0) throw new NoticeCatalogueError(`${dir}: missing notice file(s): ${missing.map((m) => `${m}.yaml`).join(', ')}`);
  return notices;
}

export function parseNoticeFile(file: string, text: string): NoticeFile {
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    throw new NoticeCatalogueError(`${file}:${line ?? 1}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const parsed = noticeFileSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  // Point at the offending node, or at its nearest existing parent when the field is missing.
  let line = 1;
  for (let n = issue.path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : (doc.getIn(issue.path.slice(0, n), true) as { range?: [number, number] } | undefined);
    const range = (node as { range?: [number, number] } | null | undefined)?.range;
    if (range) {
      line = text.slice(0, range[0]).split('\n').length;
      break;
    }
  }
  const field = issue.path.join('.') || '(file)';
  throw new NoticeCatalogueError(`${file}:${line}: ${field}: ${issue.message}`);
}

/** What the wire carries in channelData.helpline.notice (protocol.md). */
export interface WireNotice {
  id: NoticeId;
  version: string;
  categories: string[];
  purposes: string[];
  retentionDays: number;
  required: boolean;
}

/** A notice ready to show: resolved retention and the sentence the user reads. */
export interface Notice extends WireNotice {
  title: string;
  basis: NoticeFile['basis'];
  consentPurpose?: ConsentPurpose;
  /** The full notice text, ending with the privacy policy link. */
  text: string;
  changes: NoticeFile['changes'];
}

export type SeenNotices = Partial<Record<NoticeId, { version: string; at: string }>>;

export interface NoticeServiceOptions {
  store: Store;
  retentionDays: Policy['retentionDays'];
  privacyPolicyUrl: string;
  now?: () => number;
}

const SEEN_KEY = 'notices';

/** The notice catalogue plus what each user last saw (users partition, key 'notices'). */
export class NoticeService {
  private readonly notices = new Map<NoticeId, Notice>();
  private readonly now: () => number;

  constructor(
    catalogue: NoticeFile[],
    private readonly options: NoticeServiceOptions,
  ) {
    this.now = options.now ?? Date.now;
    for (const file of catalogue) this.notices.set(file.id, this.resolve(file));
  }

  /** The current notice for a notice id or a data category it covers (e.g. 'email' -> contact). */
  noticeFor(category: NoticeId | string): Notice {
    const direct = this.notices.get(category as NoticeId);
    if (direct) return direct;
    for (const notice of this.notices.values()) if (notice.categories.includes(category)) return notice;
    throw new Error(`no notice covers the category "${category}"`);
  }

  /** The change summaries a user who last saw `version` has not been told yet, oldest first. */
  changesSince(id: NoticeId, version: string): string[] {
    return this.noticeFor(id)
      .changes.filter((c) => c.version > version)
      .map((c) => c.summary);
  }

  /** Which version of each notice the user last saw, across conversations. */
  async seenBy(userId: string): Promise<SeenNotices> {
    const record = await this.options.store.get<SeenNotices>('users', userId, SEEN_KEY);
    return record?.value ?? {};
  }

  /** Remembers that the user saw this version; `known` is what seenBy returned, to save a read. */
  async markSeen(userId: string, id: NoticeId, version: string, known?: SeenNotices): Promise<SeenNotices> {
    const seen = this.withSeen(known ?? (await this.seenBy(userId)), id, version);
    await this.saveSeen(userId, seen);
    return seen;
  }

  /** `seen` plus this version of notice `id`, seen now (nothing is stored). */
  withSeen(seen: SeenNotices, id: NoticeId, version: string): SeenNotices {
    return { ...seen, [id]: { version, at: new Date(this.now()).toISOString() } };
  }

  /** Stores what the user has seen, as withSeen built it. */
  async saveSeen(userId: string, seen: SeenNotices): Promise<void> {
    await this.options.store.put('users', userId, SEEN_KEY, seen, { ttlSeconds: this.options.retentionDays.audit * 86400 });
  }

  private resolve(file: NoticeFile): Notice {
    const retentionDays = this.options.retentionDays[file.retention];
    const text = [
      file.text,
      file.whoSees,
      `We keep it for ${retentionDays} days, then delete it automatically.`,
      file.required ? 'We need this to help you with this request.' : '',
      file.optional,
      'You can ask to see, correct or delete your data at any time.',
      `Our privacy policy: ${this.options.privacyPolicyUrl}`,
    ]
      .filter(Boolean)
      .join(' ');
    return {
      id: file.id,
      version: file.version,
      categories: file.categories,
      purposes: file.purposes,
      retentionDays,
      required: file.required,
      title: file.title,
      basis: file.basis,
      consentPurpose: file.consentPurpose,
      text,
      changes: file.changes,
    };
  }
}

/** The protocol fields of a notice, without the text the activity already carries. */
export function wireNotice(notice: Notice): WireNotice {
  const { id, version, categories, purposes, retentionDays, required } = notice;
  return { id, version, categories, purposes, retentionDays, required };
}
