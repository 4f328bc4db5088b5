import fs from 'node:fs';
import { parse } from 'yaml';
import { otherLanguage } from '../../../src/services/nlu/language';

/** Every string in a parsed YAML document. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

describe('otherLanguage: a message in a language the bot does not speak', () => {
  it.each([
    ['hola, mi impresora no funciona', 'es'],
    ['hola', 'es'],
    ['necesito ayuda con mi cuenta', 'es'],
    ['quiero hablar con una persona', 'es'],
    ['mon imprimante ne marche pas', 'fr'],
    ['bonjour', 'fr'],
    ["est-ce que je peux parler à quelqu'un", 'fr'],
    ['mein Drucker ist offline', 'de'],
    ['Hallo, ich brauche Hilfe', 'de'],
    ['meu computador não liga', 'pt'],
    ['la mia stampante non funziona', 'it'],
  ])('%s -> %s', (text, language) => {
    expect(otherLanguage(text)).toBe(language);
  });

  it.each(['printr ofline', 'my wifi keeps droping', 'stop emailing me', 'delete my data', 'hello', 'ok', 'asdfgh', 'is this a con', 'my office is in los angeles', 'pc slow af', 'john.smith@gmail.com', 'can you do me a favor'])(
    'leaves English (and what is no language) alone: %s',
    (text) => {
      expect(otherLanguage(text)).toBeUndefined();
    },
  );

  it('takes none of the English training and held-out lines for another language', () => {
    const lines = [
      ...['intents.yaml', 'devices.yaml', 'security.yaml'].flatMap((f) => stringsOf(parse(fs.readFileSync(`content/nlu/${f}`, 'utf8')))),
      ...stringsOf(parse(fs.readFileSync('test/eval/data/nlu-heldout.yaml', 'utf8'))),
    ];
    expect(lines.length).toBeGreaterThan(3000);
    // "hallo" is taught as an English greeting, so the router answers it before this is asked.
    expect(lines.filter((line) => otherLanguage(line) !== undefined)).toEqual(['hallo']);
  });
});
