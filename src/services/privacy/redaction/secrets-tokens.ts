// API keys, access tokens and private keys (P10). Known vendor formats are matched anywhere;
// anything else only when it is labelled (key/token/secret) and looks machine-generated.
import { looksLikeToken } from './checks';
import { isPlaceholder, spansOf, trimValueEnd, type DetectContext } from './scan';
import type { Span } from './types';

const B = String.raw`(?<![A-Za-z0-9_-])`;
const E = String.raw`(?![A-Za-z0-9_-])`;

// Formats issued by well-known services; each prefix is distinctive enough to need no label.
const VENDOR_FORMATS: RegExp[] = [
  new RegExp(`${B}sk-(?:ant-|proj-|live-|test-)?[A-Za-z0-9_-]{20,200}${E}`, 'g'), // OpenAI / Anthropic style
  new RegExp(`${B}(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}${E}`, 'g'), // AWS access key id
  new RegExp(`${B}gh[pousr]_[A-Za-z0-9]{30,255}${E}`, 'g'), // GitHub tokens
  new RegExp(`${B}github_pat_[A-Za-z0-9_]{22,255}${E}`, 'g'),
  new RegExp(`${B}glpat-[A-Za-z0-9_-]{20,}${E}`, 'g'), // GitLab
  new RegExp(`${B}xox[abposr]-[A-Za-z0-9-]{10,200}${E}`, 'g'), // Slack
  new RegExp(`${B}AIza[0-9A-Za-z_-]{35}${E}`, 'g'), // Google API key
  new RegExp(`${B}(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,200}${E}`, 'g'), // Stripe
  new RegExp(`${B}SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}${E}`, 'g'), // SendGrid
  new RegExp(`${B}npm_[A-Za-z0-9]{36}${E}`, 'g'),
  new RegExp(`${B}\\d{6}(?:-\\d{6}){7}${E}`, 'g'), // BitLocker recovery key
  new RegExp(`${B}(?=[A-Z0-9-]{0,28}\\d)(?=[A-Z0-9-]{0,28}[A-Z])[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}${E}`, 'g'), // Windows/Office product key
  new RegExp(`${B}eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{0,}`, 'g'), // JWT
];

const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]{0,40}PRIVATE KEY-----|$)/g;

const AUTH_HEADER = /(?<![\p{L}])(?:authorization\s*[:=]\s*(?:bearer|basic|token|digest)?|bearer|basic(?=\s+[A-Za-z0-9+/]{12,}={0,2}(?![A-Za-z0-9+/=])))\s+(?<v>[A-Za-z0-9._~+/=-]{8,4096})/giud;

// Labels under which a high-entropy value is a credential. Product/licence and BitLocker keys
// unlock what they belong to, so they are treated like passwords to a service.
const KEY_LABEL = String.raw`(?:api[\s_-]?key|apikey|api[\s_-]?secret|access[\s_-]?key(?:[\s_-]?id)?|secret(?:[\s_-]?(?:access[\s_-]?)?key)?|client[\s_-]?secret|(?:access|auth|refresh|bearer|session|api|id|personal\s+access|security|sas)?[\s_-]?token|private[\s_-]?key|signing[\s_-]?key|licen[cs]e[\s_-]?key|product[\s_-]?key|activation[\s_-]?key|recovery[\s_-]?key|encryption[\s_-]?key|auth[\s_-]?key|key|account[\s_-]?key|shared[\s_-]?access[\s_-]?signature|sig|signature|x-api-key)`;
const LABELLED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${KEY_LABEL}["']?(?:\s+(?:is|was)\s*:?|\s*[:=]|\s*"\s*:\s*)\s*["']?(?<v>[A-Za-z0-9._~+/=-]{16,4096})`,
  'giud',
);

// "secret wJalrXUt..." with no connector: only for long values, where prose is unlikely.
const LABELLED_BARE = new RegExp(String.raw`(?<![\p{L}\p{N}])${KEY_LABEL}\s+(?<v>[A-Za-z0-9._~+/=-]{20,4096})`, 'giud');

// Secrets carried in query strings: https://host/cb?access_token=...&sig=...
const QUERY_SECRET = /[?&#](?:access_token|id_token|refresh_token|token|api_key|apikey|key|sig|signature|secret|client_secret|code|auth|password|pwd|x-amz-signature|x-amz-credential|x-amz-security-token)=(?<v>[^&\s#"'<>]{4,4096})/gid;

export function detectTokens(text: string, _ctx: DetectContext): Span[] {
  const out: Span[] = [];
  for (const re of VENDOR_FORMATS) out.push(...spansOf(re, text, 'api_key'));
  out.push(...spansOf(PRIVATE_KEY_BLOCK, text, 'api_key'));
  out.push(...spansOf(AUTH_HEADER, text, 'api_key', (v, s, e) => !isPlaceholder(v) && [s, trimValueEnd(text, s, e)]));
  out.push(
    ...spansOf(LABELLED, text, 'api_key', (v, s, e) => {
      const end = trimValueEnd(text, s, e);
      return looksLikeToken(text.slice(s, end)) && [s, end];
    }),
  );
  out.push(
    ...spansOf(LABELLED_BARE, text, 'api_key', (v, s, e) => {
      const end = trimValueEnd(text, s, e);
      return looksLikeToken(text.slice(s, end)) && [s, end];
    }),
  );
  out.push(...spansOf(QUERY_SECRET, text, 'api_key', (v, s, e) => !isPlaceholder(v) && [s, trimValueEnd(text, s, e)]));
  return out;
}
