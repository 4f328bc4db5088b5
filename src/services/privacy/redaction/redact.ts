// Detection, resolution and rewriting for one text.
import { detectPersonalSpans, detectSecretSpans } from './detect';
import { render, resolveFindings } from './resolve';
import type { DetectContext } from './scan';
import type { Finding, FindingType, RedactOptions, RedactionResult } from './types';

function context(options: RedactOptions | undefined): DetectContext {
  const secretFollows = options?.secretFollows ?? false;
  // A message that follows "my password is" talks about that password too: "it's Tr0ub4dor&3".
  const passwordTalk = (options?.passwordTalk ?? false) || secretFollows;
  return { defaultRegion: options?.defaultRegion ?? 'US', expectingOtp: options?.expectingOtp ?? false, passwordTalk, cardContinues: options?.cardContinues ?? false, secretFollows };
}

function run(text: string, options: RedactOptions | undefined, keepPersonal: boolean): RedactionResult {
  if (typeof text !== 'string' || text.length === 0) return { text: typeof text === 'string' ? text : '', found: [], secretTypes: [] };
  const ctx = context(options);
  const secrets = detectSecretSpans(text, ctx);
  const spans = keepPersonal ? secrets : [...secrets, ...detectPersonalSpans(text, ctx, secrets)];
  const keep = options?.keepLiterals;
  // After resolution: the parts inside a kept URL went with it and stay as written too. Only a URL or an
  // address is kept: a literal is never a secret, nor a name or number that happens to equal one.
  const kept = (f: Finding): boolean => (f.type === 'url' || f.type === 'email') && keep?.has(text.slice(f.start, f.end)) === true;
  const found: Finding[] = resolveFindings(spans, text).filter((f) => !kept(f));
  const secretTypes: FindingType[] = [];
  for (const f of found) if (f.class === 'secret' && !secretTypes.includes(f.type)) secretTypes.push(f.type);
  return { text: render(text, found), found, secretTypes };
}

/** Removes secrets only; personal data stays (for the profile/transcript path that may keep it). `found` lists the secrets removed. */
export function redactSecrets(text: string, options?: RedactOptions): RedactionResult {
  return run(text, options, true);
}

/** Removes secrets and replaces personal data with typed placeholders (logs, telemetry, technician views); `keepPersonal` makes it redactSecrets. */
export function redactAll(text: string, options?: RedactOptions): RedactionResult {
  return run(text, options, options?.keepPersonal ?? false);
}
