import type { ContactFields, Profile, ProfileService, SourceMeta } from '../profile';
import type { EmailIndex } from './email-index';

const same = (a?: string, b?: string) => (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();
const ATTACHED = Symbol('helpline.emailIndexAttached');

/**
 * Keeps the email index (ledger/emails) in step with the email on file of `profiles`, whoever
 * writes through it (contact dialog, technician, correction), so a user can be found by their
 * address for verification, export and erasure. Wraps the instance's two writers; idempotent.
 */
export function attachEmailIndex<P extends ProfileService>(profiles: P, emails: EmailIndex): P {
  const target = profiles as P & { [ATTACHED]?: EmailIndex };
  if (target[ATTACHED]) return profiles;
  target[ATTACHED] = emails;
  const setFields = profiles.setFields.bind(profiles);
  const replace = profiles.replace.bind(profiles);
  const reindex = async (userId: string, before: string | undefined, after: string | undefined) => {
    if (before && !same(before, after)) await emails.unlink(before, userId);
    if (after) await emails.link(after, userId);
  };
  profiles.setFields = async (userId: string, fields: ContactFields, source: string, meta?: SourceMeta): Promise<Profile> => {
    const before = fields.email !== undefined ? (await profiles.get(userId))?.fields.email?.value : undefined;
    const profile = await setFields(userId, fields, source, meta);
    if (fields.email !== undefined) await reindex(userId, before, fields.email);
    return profile;
  };
  profiles.replace = async (profile: Profile): Promise<void> => {
    const before = (await profiles.get(profile.userId))?.fields.email?.value;
    await replace(profile);
    await reindex(profile.userId, before, profile.fields.email?.value);
  };
  return profiles;
}

/** The index attached to `profiles`, if any. */
export function emailIndexOf(profiles: ProfileService): EmailIndex | undefined {
  return (profiles as ProfileService & { [ATTACHED]?: EmailIndex })[ATTACHED];
}
