// The redaction service: removes secrets (P3, P10) and masks personal data (P10) in free text.
// Hand-written rules over libphonenumber-js: offline, deterministic, and tuned to keep the
// technical details (models, error codes, versions, MACs, LAN addresses) support depends on.
export type { Finding, FindingClass, FindingType, RedactOptions, RedactionResult } from './types';
export { redactAll, redactSecrets } from './redact';
export { redactDeep } from './deep';
export { redactLine } from './line';
export { endsWithSecretLeadIn, PASSWORD_TALK_MESSAGES, talksOfPasswords } from './secrets-passwords';
