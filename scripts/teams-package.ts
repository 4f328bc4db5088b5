import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import JSZip from 'jszip';
import { z } from 'zod';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { loadPolicy } from '../src/config';

/**
 * Builds the Teams app package (teamsAppManifest/build/helpline-teams.zip): manifest.json
 * with its ${{NAME}} placeholders filled from the environment and the policy file, plus
 * the two icons. The manifest is checked against the Teams JSON schema shipped inside
 * @microsoft/app-manifest, so packaging needs no network and a bad manifest never ships.
 * Run: npm run teams:package
 */

// A fixed timestamp keeps the zip byte-identical for identical inputs.
const ZIP_DATE = new Date('2024-01-01T00:00:00Z');

/** teamsAppManifest/, found above the source (scripts/) or compiled (dist/scripts/) location, else in the working directory. */
export function manifestDir(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'teamsAppManifest');
    if (fs.existsSync(path.join(candidate, 'manifest.json'))) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  const inCwd = path.resolve('teamsAppManifest');
  if (fs.existsSync(path.join(inCwd, 'manifest.json'))) return inCwd;
  throw new Error(`teamsAppManifest/manifest.json not found above ${from} or in ${process.cwd()}`);
}

const packageEnvSchema = z.object({
  MicrosoftAppId: z
    .string({ required_error: 'required: the bot\'s app id (a GUID), also used as the Teams app id' })
    .uuid('must be the bot\'s app id, a GUID'),
  HELPLINE_PUBLIC_URL: z
    .string({ required_error: 'required: the https:// address of the deployed bot' })
    .url()
    .refine((u) => u.startsWith('https://'), 'Teams needs an https:// address'),
  HELPLINE_CONFIG: z.string().default('content/helpline.config.yaml'),
  HELPLINE_TERMS_URL: z.string().url().optional(),
});

export type PlaceholderValues = Record<string, string>;

/** The placeholder values for manifest.json, from the environment and the policy file. */
export function placeholderValues(env: NodeJS.ProcessEnv): PlaceholderValues {
  const nonEmpty = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = packageEnvSchema.safeParse(nonEmpty);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const policy = loadPolicy(path.resolve(e.HELPLINE_CONFIG));
  const publicUrl = e.HELPLINE_PUBLIC_URL.replace(/\/$/, '');
  return {
    MICROSOFT_APP_ID: e.MicrosoftAppId,
    HELPLINE_PUBLIC_URL: publicUrl,
    HELPLINE_PUBLIC_HOST: new URL(publicUrl).host,
    COMPANY_NAME: policy.company.name,
    PRIVACY_POLICY_URL: policy.privacyPolicyUrl,
    TERMS_OF_USE_URL: e.HELPLINE_TERMS_URL ?? policy.privacyPolicyUrl,
  };
}

/** Replaces every ${{NAME}} in the manifest text; a placeholder without a value is an error. */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`manifest.json uses \${{${name}}} but no value is known for it`);
    // The text is JSON: escape the value as the inside of a JSON string.
    return JSON.stringify(value).slice(1, -1);
  });
}

const manifestPackageRoot = () => path.dirname(require.resolve('@microsoft/app-manifest/package.json'));

/** The Teams JSON schema for the manifest's version, read from @microsoft/app-manifest (no network). */
export function teamsSchemaFor(manifestVersion: string): object {
  const packageRoot = manifestPackageRoot();
  const file = path.join(packageRoot, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  if (!fs.existsSync(file)) throw new Error(`@microsoft/app-manifest ships no schema for manifest version ${manifestVersion}`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as object;
}

// The Teams schemas are JSON Schema draft-04, which plain ajv 8 no longer reads; ajv-draft-04
// is the same validator @microsoft/app-manifest uses (its own entry point loads an ESM-only
// module that CommonJS tooling such as jest cannot, so we do not call it).
function draft04Ajv(): AjvDraft04 {
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  return ajv;
}

/** Schema errors of a filled-in manifest (empty when valid), as "/path message" lines. */
export function validateManifest(manifest: { manifestVersion: string }): string[] {
  const validate = draft04Ajv().compile(teamsSchemaFor(manifest.manifestVersion));
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Fills, validates and zips the package; returns the zip and the manifest that went into it. */
export async function buildTeamsPackage(values: PlaceholderValues, dir = manifestDir()): Promise<{ zip: Buffer; manifest: Record<string, unknown> }> {
  const text = fillPlaceholders(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'), values);
  const manifest = JSON.parse(text) as Record<string, unknown> & { manifestVersion: string };
  const errors = validateManifest(manifest);
  if (errors.length > 0) throw new Error(`manifest.json does not match the Teams schema v${manifest.manifestVersion}:\n${errors.join('\n')}`);
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2), { date: ZIP_DATE });
  for (const icon of ['color.png', 'outline.png']) zip.file(icon, fs.readFileSync(path.join(dir, icon)), { date: ZIP_DATE });
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  return { zip: buffer, manifest };
}

async function main(): Promise<void> {
  dotenv.config();
  const dir = manifestDir();
  const { zip, manifest } = await buildTeamsPackage(placeholderValues(process.env), dir);
  const out = path.join(dir, 'build', 'helpline-teams.zip');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zip);
  const bot = (manifest.bots as Array<{ botId: string }>)[0];
  console.log(`wrote ${path.relative(process.cwd(), out)} (Teams app ${manifest.id}, bot ${bot.botId}, ${zip.length} bytes)`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`teams:package: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
