export type FindingType =
  | 'credit_card'
  | 'cvv'
  | 'card_expiry'
  | 'password'
  | 'ssn'
  | 'national_id'
  | 'iban'
  | 'bank_account'
  | 'api_key'
  | 'security_answer'
  | 'otp'
  | 'email'
  | 'phone'
  | 'name'
  | 'address'
  | 'birthdate'
  | 'ip_address'
  | 'url';

export type FindingClass = 'secret' | 'personal';

/** One detected value; offsets index the ORIGINAL text (end exclusive). */
export interface Finding {
  type: FindingType;
  class: FindingClass;
  start: number;
  end: number;
}

export interface RedactionResult {
  text: string;
  found: Finding[];
  secretTypes: FindingType[];
}

export interface RedactOptions {
  /** ISO 3166 region used to read national phone numbers (default 'US'). */
  defaultRegion?: string;
  /** The bot has just asked for the one-time code it sent, so a 6-digit code is an answer, not a leak. */
  expectingOtp?: boolean;
  /**
   * The question the bot is waiting on talks about a password ("Type the Wi-Fi password again"), so
   * "mine is hunter22" or "it's Harbor1905" gives one though the message names no password.
   */
  passwordTalk?: boolean;
  /** Card data was removed from the user's message before this one: digit groups this one starts with are the rest of the number. */
  cardContinues?: boolean;
  /**
   * The user's message before this one ended by announcing a secret it did not give ("my password is", "the door
   * code is"): the value this one starts with is that secret ("Tr0ub4dor&3", "4321").
   */
  secretFollows?: boolean;
  /** Keep personal data (only secrets are removed). */
  keepPersonal?: boolean;
  /**
   * URLs and email addresses shown as written: the bot's own (policy pages, the payment page, flow
   * links, the privacy team's address), which are not personal data. Only a whole detected URL or
   * email address equal to one of these is kept.
   */
  keepLiterals?: ReadonlySet<string>;
}

/** A detector's raw hit, before overlap resolution. */
export interface Span {
  type: FindingType;
  start: number;
  end: number;
}

export const SECRET_TYPES: ReadonlySet<FindingType> = new Set<FindingType>([
  'credit_card',
  'cvv',
  'card_expiry',
  'password',
  'ssn',
  'national_id',
  'iban',
  'bank_account',
  'api_key',
  'security_answer',
  'otp',
]);

export function classOf(type: FindingType): FindingClass {
  return SECRET_TYPES.has(type) ? 'secret' : 'personal';
}

/** Marker left where a secret was: it carries no trace of the value, not even its length. */
export const SECRET_MARKER = '[removed]';

export const PLACEHOLDERS: Readonly<Record<FindingType, string>> = {
  credit_card: SECRET_MARKER,
  cvv: SECRET_MARKER,
  card_expiry: SECRET_MARKER,
  password: SECRET_MARKER,
  ssn: SECRET_MARKER,
  national_id: SECRET_MARKER,
  iban: SECRET_MARKER,
  bank_account: SECRET_MARKER,
  api_key: SECRET_MARKER,
  security_answer: SECRET_MARKER,
  otp: SECRET_MARKER,
  email: '[EMAIL]',
  phone: '[PHONE]',
  name: '[NAME]',
  address: '[ADDRESS]',
  birthdate: '[BIRTHDATE]',
  ip_address: '[IP]',
  url: '[URL]',
};
