import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { billingSchema } from './services/billing/plans-schema';
import { fromRoot } from './paths';

/**
 * One schema over the environment and the policy file (../shared/spec/configuration.md).
 * A wrong value stops startup with one line naming the setting and what is wrong.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.string().url().optional());

export const envSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  HELPLINE_STORE: z.preprocess(emptyToUndefined, z.enum(['sqlite', 'cosmos']).default('sqlite')),
  HELPLINE_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  COSMOS_ENDPOINT: optionalUrl,
  COSMOS_KEY: optionalString,
  COSMOS_DATABASE: z.preprocess(emptyToUndefined, z.string().default('helpline')),
  SMTP_URL: z.preprocess(emptyToUndefined, z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional()),
  MAIL_FROM: optionalString,
  DIRECT_LINE_SECRET: optionalString,
  HELPLINE_PUBLIC_URL: optionalUrl,
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString,
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  HELPLINE_CONFIG: z.preprocess(emptyToUndefined, z.string().default('content/helpline.config.yaml')),
  /** Development only: the password of the 'admin' technician created when no accounts exist. */
  HELPLINE_DEV_TECHNICIAN_PASSWORD: optionalString,
  /** Requests a second one client address may make on average, in bursts of up to five seconds' worth; 0 = no limit. */
  HELPLINE_RATE_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(50)),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
});
export type Env = z.infer<typeof envSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24h time like 08:30');
const dayHours = z.tuple([hhmm, hhmm]).optional();

export const policySchema = z.object({
  company: z.object({
    name: z.string().min(1),
    contactEmail: z.string().email(),
    mailFrom: z.string().min(3),
  }),
  privacyPolicyUrl: z.string().url(),
  paymentPageUrl: z.string().url(),
  defaultRegion: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code like US'),
  languages: z.array(z.string().min(2)).min(1),
  retentionDays: z.object({
    transcripts: z.number().int().positive(),
    contact: z.number().int().positive(),
    device: z.number().int().positive(),
    cases: z.number().int().positive(),
    handoffs: z.number().int().positive(),
    botState: z.number().int().positive(),
    audit: z.number().int().positive(),
    billing: z.number().int().positive(),
  })
    // A conversation's state carries its last turn's transcript record (the transcript outbox) until it expires.
    .refine((r) => r.botState <= r.transcripts, { path: ['botState'], message: 'must not be longer than retentionDays.transcripts (the conversation state holds the last turn of the transcript)' }),
  privacyRequests: z.object({ dueDays: z.number().int().min(1).max(90) }),
  verification: z.object({
    codeTtlMinutes: z.number().int().min(1).max(60),
    maxAttempts: z.number().int().min(1).max(10),
    cooldownMinutes: z.number().int().min(1),
    maxCodesPerHour: z.number().int().min(1),
  }),
  businessHours: z.object({
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone like Europe/London'),
    days: z.object({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours }),
  }),
  technicianAlerts: z
    .object({ teamsChannelId: optionalString, teamsServiceUrl: optionalUrl })
    .default({}),
  billing: billingSchema,
});
export type Policy = z.infer<typeof policySchema>;

export interface AppConfig {
  env: Env;
  policy: Policy;
  /** Where users and technicians reach this server. */
  publicUrl: string;
  /** Local mode: no Bot Framework credentials, channel authentication off. */
  localMode: boolean;
  mailFrom: string;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function describeIssue(issue: z.ZodIssue, prefix: string): string {
  const where = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return `${where}: ${issue.message}`;
}

/** Reads and validates the policy file; errors name the file and setting. */
export function loadPolicy(file: string): Policy {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`HELPLINE_CONFIG: cannot read ${file} (set HELPLINE_CONFIG to the policy file)`);
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    throw new ConfigError(`${file}${line ? `:${line}` : ''}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const parsed = policySchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const node = doc.getIn(issue.path, true) as { range?: [number, number] } | undefined;
    const line = node?.range ? text.slice(0, node.range[0]).split('\n').length : undefined;
    throw new ConfigError(`${file}${line ? `:${line}` : ''}: ${describeIssue(issue, '')}`);
  }
  return parsed.data;
}

/** Validates env + policy file together and applies the production safety rules. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsedEnv = envSchema.safeParse(environment);
  if (!parsedEnv.success) throw new ConfigError(describeIssue(parsedEnv.error.issues[0], ''));
  const env = parsedEnv.data;
  // A relative path is looked up from the working directory, then from the project root (npx from elsewhere).
  const policyFile = path.isAbsolute(env.HELPLINE_CONFIG) || fs.existsSync(env.HELPLINE_CONFIG) ? env.HELPLINE_CONFIG : fromRoot(env.HELPLINE_CONFIG);
  const policy = loadPolicy(policyFile);

  if (env.HELPLINE_STORE === 'cosmos' && !env.COSMOS_ENDPOINT) {
    throw new ConfigError('COSMOS_ENDPOINT: required when HELPLINE_STORE=cosmos');
  }
  if (env.MicrosoftAppId && env.MicrosoftAppType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) {
    throw new ConfigError('MicrosoftAppPassword: required when MicrosoftAppId is set (unless MicrosoftAppType=UserAssignedMSI)');
  }
  if (env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId) {
    throw new ConfigError('MicrosoftAppTenantId: required when MicrosoftAppType=SingleTenant');
  }
  if (env.NODE_ENV === 'production') {
    if (!env.SMTP_URL) throw new ConfigError('SMTP_URL: required in production (one-time codes must really be sent)');
    if (!env.MicrosoftAppId) throw new ConfigError('MicrosoftAppId: required in production (channel authentication must be on)');
    if (env.HELPLINE_DEV_TECHNICIAN_PASSWORD) {
      throw new ConfigError('HELPLINE_DEV_TECHNICIAN_PASSWORD: not allowed in production (create accounts with `helpline technicians add`)');
    }
  }
  return {
    env,
    policy,
    publicUrl: (env.HELPLINE_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    localMode: !env.MicrosoftAppId,
    mailFrom: env.MAIL_FROM ?? policy.company.mailFrom,
  };
}
