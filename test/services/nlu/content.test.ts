import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadNluContent, NluContentError } from '../../../src/services/nlu/content';
import { INTENTS } from '../../../src/services/nlu/labels';

const CONTENT = path.resolve('content/nlu');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nlu-content-'));
  for (const f of ['intents.yaml', 'devices.yaml', 'security.yaml']) await copyFile(path.join(CONTENT, f), path.join(dir, f));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectError(pattern: RegExp, file: string): Promise<void> {
  const error = await loadNluContent(dir).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NluContentError);
  expect((error as NluContentError).file).toBe(path.join(dir, file));
  expect((error as Error).message).toContain(file);
  expect((error as Error).message).toMatch(pattern);
}

describe('loadNluContent', () => {
  it('loads every intent with at least 40 and every device with at least 30 utterances', async () => {
    const content = await loadNluContent(CONTENT);
    for (const intent of INTENTS) expect(content.intents.filter((u) => u.intent === intent).length).toBeGreaterThanOrEqual(40);
    for (const entry of content.lexicon) expect(content.devices.filter((u) => u.device === entry.device).length).toBeGreaterThanOrEqual(30);
    expect(content.securityPhrases).toContain('phishing');
  });

  it('names the file and the line problem when the YAML is broken', async () => {
    await writeFile(path.join(dir, 'intents.yaml'), 'intents:\n  help:\n    - "unterminated\n');
    await expectError(/invalid YAML/, 'intents.yaml');
  });

  it('rejects an intent that is not in the label contract', async () => {
    const text = await readFile(path.join(dir, 'intents.yaml'), 'utf8');
    await writeFile(path.join(dir, 'intents.yaml'), text.replace('  greeting:', '  greetings:'));
    await expectError(/unknown intent "greetings"/, 'intents.yaml');
  });

  it('says which intent has too few examples', async () => {
    await writeFile(path.join(dir, 'intents.yaml'), `intents:\n${INTENTS.map((i) => `  ${i}:\n    - only one\n`).join('')}`);
    await expectError(/intents\.troubleshoot: needs at least 40 utterances, has 1/, 'intents.yaml');
  });

  it('rejects a device entry without keywords', async () => {
    const text = await readFile(path.join(dir, 'devices.yaml'), 'utf8');
    await writeFile(path.join(dir, 'devices.yaml'), text.replace(/ {4}keywords: \[printer,/, '    keywordz: [printer,'));
    await expectError(/devices\.printer/, 'devices.yaml');
  });

  it('rejects a maker of one kind of device, or of a device not in the label contract', async () => {
    const text = await readFile(path.join(dir, 'devices.yaml'), 'utf8');
    await writeFile(path.join(dir, 'devices.yaml'), text.replace('  hp: [printer, computer]', '  hp: [printer]'));
    await expectError(/makers\.hp\.makes: a maker listed here makes at least two kinds of device/, 'devices.yaml');
    await writeFile(path.join(dir, 'devices.yaml'), text.replace('  hp: [printer, computer]', '  hp: [printer, fridge]'));
    await expectError(/makers\.hp\.makes\.1/, 'devices.yaml');
    await writeFile(path.join(dir, 'devices.yaml'), text.replace('  hp: [printer, computer]', '  hp: { makes: [printer, computer], mostly: tv }'));
    await expectError(/makers\.hp\.mostly: mostly must be one of the kinds the maker makes/, 'devices.yaml');
  });

  it('reads the kind a maker mostly makes', async () => {
    const content = await loadNluContent(CONTENT);
    expect(content.makers.find((m) => m.name === 'lenovo')).toEqual({ name: 'lenovo', devices: ['computer', 'phone'], mostly: 'computer' });
    expect(content.makers.find((m) => m.name === 'samsung')).toEqual({ name: 'samsung', devices: ['phone', 'tv'] });
  });

  it('reports a missing file by name', async () => {
    await rm(path.join(dir, 'security.yaml'));
    await expectError(/cannot read file/, 'security.yaml');
  });
});
