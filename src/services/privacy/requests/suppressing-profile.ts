import type { ContactFields, Profile, ProfileService, SourceMeta } from '../profile';
import type { OptOutService } from './opt-out';

const ATTACHED = Symbol('helpline.suppressionAttached');

/**
 * Puts a new email or phone of an account that opted out of marketing on the suppression list
 * (P7), whoever stores it through `profiles` (a handoff's contact question, a correction, the
 * opt-out's own address question), so no route can bring an opted-out person back into marketing.
 * Wraps the instance's writer; idempotent.
 */
export function attachSuppression<P extends ProfileService>(profiles: P, optOuts: OptOutService): P {
  const target = profiles as P & { [ATTACHED]?: true };
  if (target[ATTACHED]) return profiles;
  target[ATTACHED] = true;
  const setFields = profiles.setFields.bind(profiles);
  profiles.setFields = async (userId: string, fields: ContactFields, source: string, meta?: SourceMeta): Promise<Profile> => {
    const profile = await setFields(userId, fields, source, meta);
    await optOuts.suppressNewAddresses(userId, { email: fields.email, phone: fields.phone });
    return profile;
  };
  return profiles;
}
