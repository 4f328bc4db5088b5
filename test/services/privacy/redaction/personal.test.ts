import { redactAll, redactSecrets } from '../../../../src/services/privacy/redaction';

describe('personal data in redactAll', () => {
  it.each([
    ['email me at priya.raman@example.org please', 'email me at [EMAIL] please'],
    // "/" and "|" may be part of an address, so the second of a pair was left as typed.
    ['use ann@example.com/bob@example.org for both', 'use [EMAIL]/[EMAIL] for both'],
    ['either ann@example.com|bob@example.org', 'either [EMAIL]|[EMAIL]'],
    ['call me on 415-555-2671 after 5', 'call me on [PHONE] after 5'],
    ['UK mobile +44 7700 900123', 'UK mobile [PHONE]'],
    ['my name is John Smith and the printer is offline', 'my name is [NAME] and the printer is offline'],
    ["Hi, I'm Priya, my Echo won't connect", "Hi, I'm [NAME], my Echo won't connect"],
    ['This is Marcus from accounting', 'This is [NAME] from accounting'],
    ['Name: Sofia Martinez', 'Name: [NAME]'],
    ['Thanks for the help!\nBest regards,\nTom Becker', 'Thanks for the help!\nBest regards,\n[NAME]'],
    ['I live at 742 Evergreen Terrace, Springfield, IL 62704', 'I live at [ADDRESS]'],
    ['send it to 10 Downing Street please', 'send it to [ADDRESS] please'],
    ['postcode SW1A 1AA', 'postcode [ADDRESS]'],
    ['born on 1985-04-12', 'born on [BIRTHDATE]'],
    ['my date of birth is 12 March 1979', 'my date of birth is [BIRTHDATE]'],
    ['DOB: 03/07/1990', 'DOB: [BIRTHDATE]'],
    ['my public IP is 203.0.113.45', 'my public IP is [IP]'],
    ['IPv6 2001:db8:85a3::8a2e:370:7334 in status', 'IPv6 [IP] in status'],
    ['the page https://shop.example.com/orders/99812?ref=mail fails.', 'the page [URL] fails.'],
    ['see support.hp.com/drivers for it', 'see [URL] for it'],
  ])('%j becomes %j', (text, expected) => {
    expect(redactAll(text).text).toBe(expected);
  });

  it('reads national numbers with the given default region', () => {
    expect(redactAll('call me on 020 7946 0018', { defaultRegion: 'GB' }).text).toBe('call me on [PHONE]');
    expect(redactAll('Telefon 030 12345678', { defaultRegion: 'DE' }).text).toBe('Telefon [PHONE]');
  });

  it('does not take ordinary capitalised words after "I\'m" for a name', () => {
    for (const text of ["I'm using Windows 11", "I'm not sure", "I'm Having Trouble With My Printer"]) {
      expect(redactAll(text).text).toBe(text);
    }
  });

  it('treats a date as personal only in a birth context', () => {
    expect(redactAll('it started on 2024-03-01 at 14:05').text).toBe('it started on 2024-03-01 at 14:05');
  });

  it('keeps private, loopback and resolver addresses and links to LAN devices', () => {
    const text = 'router 192.168.1.1, ping 8.8.8.8, 127.0.0.1:8080, mask 255.255.255.0, admin http://192.168.0.1/login';
    expect(redactAll(text).text).toBe(text);
  });
});

describe('redactSecrets keeps personal data', () => {
  it('returns personal data untouched and reports only the secrets it removed', () => {
    const text = 'I am Olivia, olivia@example.com, 212-555-0198, password: hunter2';
    const r = redactSecrets(text);
    expect(r.text).toBe('I am Olivia, olivia@example.com, 212-555-0198, password: [removed]');
    expect(r.found.map((f) => f.type)).toEqual(['password']);
  });

  it('keepPersonal turns redactAll into redactSecrets', () => {
    const text = 'mail olivia@example.com, pin 4821';
    expect(redactAll(text, { keepPersonal: true })).toEqual(redactSecrets(text));
  });
});
