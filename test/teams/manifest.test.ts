import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { buildTeamsPackage, fillPlaceholders, placeholderValues, validateManifest } from '../../scripts/teams-package';

const DIR = path.resolve(__dirname, '../../teamsAppManifest');
const APP_ID = '3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const ENV = { MicrosoftAppId: APP_ID, HELPLINE_PUBLIC_URL: 'https://helpline-test.azurewebsites.net/', HELPLINE_CONFIG: 'content/helpline.config.yaml' };

const rawManifest = () => fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8');
const filledManifest = () => JSON.parse(fillPlaceholders(rawManifest(), placeholderValues(ENV)));

/** Width and height from the IHDR chunk, which a PNG must start with. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('Teams app manifest', () => {
  it('is on a current manifest schema (1.17 or newer) and valid against the schema @microsoft/app-manifest ships', () => {
    const manifest = filledManifest();
    const [major, minor] = String(manifest.manifestVersion).split('.').map(Number);
    expect(major === 1 && minor >= 17).toBe(true);
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(validateManifest(manifest)).toEqual([]);
  });

  it('the schema check rejects a manifest Teams would reject', () => {
    const manifest = filledManifest();
    manifest.bots[0].scopes = ['everyone'];
    delete manifest.developer.privacyUrl;
    const errors = validateManifest(manifest).join('\n');
    expect(errors).toMatch(/scopes/);
    expect(errors).toMatch(/privacyUrl/);
  });

  it('offers the bot in personal chats and in teams, under the bot app id, on the public host', () => {
    const manifest = filledManifest();
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.bots[0].scopes).toEqual(expect.arrayContaining(['personal', 'team']));
    expect(manifest.validDomains).toEqual(['helpline-test.azurewebsites.net']);
    expect(manifest.developer.websiteUrl).toBe('https://helpline-test.azurewebsites.net');
    expect(manifest.developer.privacyUrl).toBe('https://brightside.example/privacy');
    expect(manifest.name.full).toBe('Brightside Tech Support Helpline');
  });

  it('has a 192x192 colour icon and a 32x32 outline icon that is white on transparent', () => {
    expect(pngSize(path.join(DIR, 'color.png'))).toEqual({ width: 192, height: 192 });
    expect(pngSize(path.join(DIR, 'outline.png'))).toEqual({ width: 32, height: 32 });
    const outline = PNG.sync.read(fs.readFileSync(path.join(DIR, 'outline.png')));
    let visible = 0;
    let transparent = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      if (outline.data[i + 3] === 0) transparent++;
      else {
        visible++;
        expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
      }
    }
    expect(visible).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(visible);
  });
});

describe('npm run teams:package', () => {
  it('zips the filled manifest and both icons at the root of the package', async () => {
    const { zip } = await buildTeamsPackage(placeholderValues(ENV), DIR);
    const archive = await JSZip.loadAsync(zip);
    expect(Object.keys(archive.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifestText = await archive.file('manifest.json')!.async('string');
    expect(manifestText).not.toContain('${{');
    expect(JSON.parse(manifestText).id).toBe(APP_ID);
    expect(await archive.file('color.png')!.async('nodebuffer')).toEqual(fs.readFileSync(path.join(DIR, 'color.png')));
    expect(await archive.file('outline.png')!.async('nodebuffer')).toEqual(fs.readFileSync(path.join(DIR, 'outline.png')));
  });

  it('refuses to package without the bot app id or with a plain-http address', () => {
    expect(() => placeholderValues({ ...ENV, MicrosoftAppId: '' })).toThrow(/MicrosoftAppId: required/);
    expect(() => placeholderValues({ ...ENV, MicrosoftAppId: 'helpline-bot' })).toThrow(/MicrosoftAppId: must be the bot's app id/);
    expect(() => placeholderValues({ ...ENV, HELPLINE_PUBLIC_URL: 'http://localhost:3978' })).toThrow(/HELPLINE_PUBLIC_URL: Teams needs an https/);
  });

  it('names a placeholder that has no value instead of shipping it', () => {
    expect(() => fillPlaceholders('{"id": "${{TEAMS_APP_ID}}"}', {})).toThrow(/\$\{\{TEAMS_APP_ID\}\}/);
    expect(fillPlaceholders('{"name": "${{COMPANY_NAME}}"}', { COMPANY_NAME: 'A "quoted" name' })).toBe('{"name": "A \\"quoted\\" name"}');
  });
});
