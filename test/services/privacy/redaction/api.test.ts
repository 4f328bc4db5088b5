import { redactAll, redactDeep, redactLine, redactSecrets } from '../../../../src/services/privacy/redaction';

describe('findings', () => {
  it('gives offsets into the original text, with the class of each finding', () => {
    const text = 'Sam here: sam@example.com, card 4111 1111 1111 1111, pin 4821';
    const r = redactAll(text);
    const located = r.found.map((f) => [f.type, f.class, text.slice(f.start, f.end)]);
    expect(located).toEqual([
      ['name', 'personal', 'Sam'],
      ['email', 'personal', 'sam@example.com'],
      ['credit_card', 'secret', '4111 1111 1111 1111'],
      ['password', 'secret', '4821'],
    ]);
    expect(r.secretTypes).toEqual(['credit_card', 'password']);
  });

  it('reports nothing and returns the text unchanged when there is nothing to remove', () => {
    expect(redactAll('the printer is offline again')).toEqual({ text: 'the printer is offline again', found: [], secretTypes: [] });
    expect(redactSecrets('')).toEqual({ text: '', found: [], secretTypes: [] });
  });

  it('keeps a URL finding and the token inside it, and replaces the URL as a whole', () => {
    const text = 'open https://example.com/cb?access_token=Zx81Kq0PmA93LwBn7Yv2 now';
    const r = redactAll(text);
    expect(r.text).toBe('open [URL] now');
    expect(r.found.map((f) => f.type)).toEqual(['url', 'api_key']);
    expect(r.secretTypes).toEqual(['api_key']);
  });
});

describe('neighbouring values (each found in one pass, so a second pass finds nothing new)', () => {
  it.each([
    ['two IBANs in a row', 'GB82 WEST 1234 5698 7654 32 DE89 3704 0044 0532 0130 00', '[removed] [removed]'],
    ['a phone number right after a card number', '4111 1111 1111 1111 415-555-2671', '[removed] [PHONE]'],
    ['a card number after an unrelated serial label', 'serial at password 5500-0000-0000-0004', 'serial at password [removed]'],
    ['an address right after a card number', '4111 1111 1111 1111 742 Evergreen Terrace, Springfield, IL 62704', '[removed] [ADDRESS]'],
    ['a name after a form label', "I'm Priya Raman I'm Priya Raman", "I'm [NAME] I'm [NAME]"],
  ])('%s', (_label, text, expected) => {
    const once = redactAll(text).text;
    expect(once).toBe(expected);
    expect(redactAll(once).text).toBe(once);
  });
});

describe('redactLine (helpline redact)', () => {
  it('prints the redactAll text in plain mode', () => {
    expect(redactLine('mail me at a.b@example.com, pw: X1y2', false)).toBe('mail me at [EMAIL], pw: [removed]');
  });

  it('prints one JSON object with text and found in jsonl mode', () => {
    const line = redactLine('pin 4821, email a@example.com', true);
    expect(JSON.parse(line)).toEqual({
      text: 'pin [removed], email [EMAIL]',
      found: [
        { type: 'password', class: 'secret', start: 4, end: 8 },
        { type: 'email', class: 'personal', start: 16, end: 29 },
      ],
    });
    expect(line).not.toContain('\n');
    expect(Object.keys(JSON.parse(line).found[0])).toEqual(['type', 'class', 'start', 'end']);
  });
});

describe('redactDeep', () => {
  const redactor = (s: string): string => redactAll(s).text;

  it('redacts every string in nested objects and arrays and leaves other values alone', () => {
    const value = { card: { number: '4111 1111 1111 1111', amount: 12.5, ok: true, none: null }, notes: ['pw: hunter2', 'fine', 7] };
    expect(redactDeep(value, redactor)).toEqual({
      card: { number: '[removed]', amount: 12.5, ok: true, none: null },
      notes: ['pw: [removed]', 'fine', 7],
    });
  });

  it('does not modify the input', () => {
    const value = { text: 'pin 4821' };
    redactDeep(value, redactor);
    expect(value.text).toBe('pin 4821');
  });

  it('survives cycles, keeping the shape', () => {
    const value: Record<string, unknown> = { text: 'pin 4821' };
    value['self'] = value;
    const out = redactDeep(value, redactor) as Record<string, unknown>;
    expect(out['text']).toBe('pin [removed]');
    expect(out['self']).toBe(out);
  });

  it('drops __proto__ and constructor keys instead of copying them', () => {
    const value = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"x": 1}}, "a": "b"}') as object;
    const out = redactDeep(value, redactor) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['a']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('redacts the message of an Error, which is not enumerable', () => {
    const out = redactDeep({ err: new Error('login failed for password: hunter2') }, redactor) as { err: { message: string } };
    expect(out.err.message).toBe('login failed for password: [removed]');
  });

  it('redacts object and Map keys too: a client or a telemetry property name can carry what was typed', () => {
    const out = redactDeep({ 'pw: hunter2': 'x', nested: new Map([['pin 4821', 1]]) }, redactor) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['pw: [removed]', 'nested']);
    expect([...(out['nested'] as Map<string, number>).keys()]).toEqual(['pin [removed]']);
  });

  it('keeps an Error an Error (loggers and Application Insights report it as one), its stack redacted', () => {
    const error = new TypeError('login failed for password: hunter2');
    const out = redactDeep(error, redactor);
    expect(out).toBeInstanceOf(Error);
    expect(out.name).toBe('TypeError');
    expect(out.stack).not.toContain('hunter2');
    expect(out.stack).toContain('password: [removed]');
  });

  it('redacts a bare string and passes numbers through', () => {
    expect(redactDeep('pin 4821', redactor)).toBe('pin [removed]');
    expect(redactDeep(42, redactor)).toBe(42);
  });
});
