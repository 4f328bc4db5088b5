import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { fromRoot } from '../../paths';
import { DEVICES, INTENTS, type Device, type Intent } from './labels';

/** Training data is edited by support staff, so every rule here gives a message they can act on. */
const utterance = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'utterance must not be empty'));

const MIN_INTENT_UTTERANCES = 40;
const MIN_DEVICE_UTTERANCES = 30;

const intentsFileSchema = z
  .object({
    intents: z.record(z.string(), z.array(utterance)),
  })
  .strict()
  .superRefine((file, ctx) => {
    for (const name of Object.keys(file.intents)) {
      if (!(INTENTS as readonly string[]).includes(name)) {
        ctx.addIssue({ code: 'custom', path: ['intents', name], message: `unknown intent "${name}" (allowed: ${INTENTS.join(', ')})` });
      }
    }
    for (const intent of INTENTS) {
      const list = file.intents[intent];
      if (!list || list.length < MIN_INTENT_UTTERANCES) {
        ctx.addIssue({
          code: 'custom',
          path: ['intents', intent],
          message: `needs at least ${MIN_INTENT_UTTERANCES} utterances, has ${list?.length ?? 0}`,
        });
      }
    }
  });

const deviceEntrySchema = z
  .object({
    priority: z.number().int().min(1),
    keywords: z.array(utterance).min(1, 'needs at least one keyword'),
    contactWords: z.array(utterance).default([]),
    utterances: z.array(utterance).min(MIN_DEVICE_UTTERANCES, `needs at least ${MIN_DEVICE_UTTERANCES} utterances`),
  })
  .strict();

const deviceName = z.enum(DEVICES).exclude(['none']);

const makerSchema = z
  .object({ makes: z.array(deviceName).min(2, 'a maker listed here makes at least two kinds of device'), mostly: deviceName.optional() })
  .strict()
  .refine((m) => m.mostly === undefined || m.makes.includes(m.mostly), { message: 'mostly must be one of the kinds the maker makes', path: ['mostly'] });

const devicesFileSchema = z
  .object({
    // A maker of one kind of device is a keyword of that device: only makers of several are listed.
    // `hp: [printer, computer]` is short for `hp: { makes: [printer, computer] }`.
    makers: z.record(z.string(), z.preprocess((m) => (Array.isArray(m) ? { makes: m } : m), makerSchema)).default({}),
    // Makers of one kind of device and product lines, which a make and model answer may name ("Dell XPS").
    brands: z.array(utterance).default([]),
    devices: z
      .object({
        none: z.object({ utterances: z.array(utterance).min(1) }).strict(),
      })
      .catchall(deviceEntrySchema),
  })
  .strict()
  .superRefine((file, ctx) => {
    for (const name of Object.keys(file.devices)) {
      if (!(DEVICES as readonly string[]).includes(name)) {
        ctx.addIssue({ code: 'custom', path: ['devices', name], message: `unknown device "${name}" (allowed: ${DEVICES.join(', ')})` });
      }
    }
    for (const device of DEVICES) {
      if (!(device in file.devices)) ctx.addIssue({ code: 'custom', path: ['devices', device], message: 'missing' });
    }
  });

const securityFileSchema = z.object({ phrases: z.array(utterance).min(1) }).strict();

export interface DeviceLexicon {
  device: Exclude<Device, 'none'>;
  priority: number;
  keywords: string[];
  contactWords: string[];
}

/** A maker of several kinds of device ("hp": printers and computers), by its name as typed. */
export interface DeviceMaker {
  name: string;
  devices: Exclude<Device, 'none'>[];
  /** The kind most of what the maker sells is: the guess when a problem's words leave its kinds close. */
  mostly?: Exclude<Device, 'none'>;
}

/** Plain data read from content/nlu: what the router trains on. */
export interface NluContent {
  intents: { intent: Intent; text: string }[];
  devices: { device: Device; text: string }[];
  lexicon: DeviceLexicon[];
  makers: DeviceMaker[];
  securityPhrases: string[];
}

export class NluContentError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'NluContentError';
  }
}

async function readYaml<T>(file: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): Promise<T> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    throw new NluContentError(file, `cannot read file (${(err as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = YAML.parse(raw);
  } catch (err) {
    throw new NluContentError(file, `invalid YAML: ${(err as Error).message}`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new NluContentError(file, problems.join('; '));
  }
  return result.data;
}

function makersOf(file: z.infer<typeof devicesFileSchema>): DeviceMaker[] {
  return Object.entries(file.makers).map(([name, made]) => ({ name: name.toLowerCase(), devices: made.makes, ...(made.mostly ? { mostly: made.mostly } : {}) }));
}

function readDevicesFile(file: string): z.infer<typeof devicesFileSchema> {
  let parsed: unknown;
  try {
    parsed = YAML.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new NluContentError(file, `cannot read file (${(err as Error).message})`);
  }
  const result = devicesFileSchema.safeParse(parsed);
  if (!result.success) throw new NluContentError(file, result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  return result.data;
}

/**
 * The names a make and model answer may give, read from devices.yaml: its makers and brands, in
 * lower case. Synchronous, for the device details reader, which has no router at hand.
 */
export function loadBrandNames(file: string): ReadonlySet<string> {
  const devices = readDevicesFile(file);
  return new Set([...makersOf(devices).map((m) => m.name), ...devices.brands.map((b) => b.toLowerCase())]);
}

let projectBrands: ReadonlySet<string> | undefined;
/** loadBrandNames of the project's own content/nlu/devices.yaml, read once. */
export function projectBrandNames(): ReadonlySet<string> {
  projectBrands ??= loadBrandNames(fromRoot('content/nlu/devices.yaml'));
  return projectBrands;
}

let projectMakers: ReadonlySet<string> | undefined;
/** The makers of several kinds of device in the project's content/nlu/devices.yaml ("hp", "samsung"), read once. */
export function projectMakerNames(): ReadonlySet<string> {
  projectMakers ??= new Set(makersOf(readDevicesFile(fromRoot('content/nlu/devices.yaml'))).map((m) => m.name));
  return projectMakers;
}

let projectReports: readonly string[] | undefined;
/** The problem reports of the project's content/nlu/devices.yaml (every device's utterances), read once. */
export function projectProblemReports(): readonly string[] {
  projectReports ??= Object.values(readDevicesFile(fromRoot('content/nlu/devices.yaml')).devices).flatMap((entry) => entry.utterances);
  return projectReports;
}

/** Reads and validates intents.yaml, devices.yaml and security.yaml from `dir`. */
export async function loadNluContent(dir: string): Promise<NluContent> {
  const [intentsFile, devicesFile, securityFile] = await Promise.all([
    readYaml(path.join(dir, 'intents.yaml'), intentsFileSchema),
    readYaml(path.join(dir, 'devices.yaml'), devicesFileSchema),
    readYaml(path.join(dir, 'security.yaml'), securityFileSchema),
  ]);

  const intents = INTENTS.flatMap((intent) => (intentsFile.intents[intent] ?? []).map((text) => ({ intent, text })));
  const devices: NluContent['devices'] = [];
  const lexicon: DeviceLexicon[] = [];
  for (const device of DEVICES) {
    if (device === 'none') {
      devices.push(...devicesFile.devices.none.utterances.map((text) => ({ device, text })));
      continue;
    }
    const entry = deviceEntrySchema.parse(devicesFile.devices[device]);
    devices.push(...entry.utterances.map((text) => ({ device, text })));
    lexicon.push({
      device,
      priority: entry.priority,
      keywords: entry.keywords.map((k) => k.toLowerCase()),
      contactWords: entry.contactWords.map((k) => k.toLowerCase()),
    });
  }
  const makers = makersOf(devicesFile);
  return { intents, devices, lexicon, makers, securityPhrases: securityFile.phrases.map((p) => p.toLowerCase()) };
}
