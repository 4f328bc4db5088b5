import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { redactSecrets } from '../../src/services/privacy/redaction';

// Every reply passes through the secret filter on its way out (src/bots/middleware/redaction.ts), so the bot can
// never echo a secret. Text we wrote ourselves must come through unchanged, or users read "[removed]" in the middle
// of a step: "network key and security key are other names for your Wi-Fi password" once reached them as
// "... are [removed] for ...". The user-facing content files are checked here; the NLU training lines are input.
const CONTENT = join(__dirname, '../../content');
const files = [
  ...readdirSync(join(CONTENT, 'flows')).map((f) => join('flows', f)),
  ...readdirSync(join(CONTENT, 'notices')).map((f) => join('notices', f)),
  'glossary.yaml',
  'helpline.config.yaml',
].filter((f) => f.endsWith('.yaml'));

function strings(value: unknown, path: string, out: Array<[string, string]>): Array<[string, string]> {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
  return out;
}

describe('content the bot sends', () => {
  it.each(files)('%s passes the outgoing secret filter unchanged', (file) => {
    const texts = strings(parse(readFileSync(join(CONTENT, file), 'utf8')), file, []);
    expect(texts.length).toBeGreaterThan(0);
    const changed = texts.filter(([, text]) => redactSecrets(text).text !== text).map(([path, text]) => `${path}: ${redactSecrets(text).text}`);
    expect(changed).toEqual([]);
  });
});
