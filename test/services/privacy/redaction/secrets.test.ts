import { redactAll, redactSecrets } from '../../../../src/services/privacy/redaction';

const MARKER = '[removed]';

/** The value must be gone from both outputs, with nothing of it left. */
function expectRemoved(text: string, value: string, options = {}): void {
  for (const result of [redactSecrets(text, options), redactAll(text, options)]) {
    expect(result.text).not.toContain(value);
    expect(result.text).toContain(MARKER);
  }
}

function expectKept(text: string, value: string, options = {}): void {
  expect(redactSecrets(text, options).text).toContain(value);
  expect(redactAll(text, options).text).toContain(value);
}

describe('payment cards (P3)', () => {
  it.each([
    ['spaces', 'my card is 4111 1111 1111 1111 thanks', '4111 1111 1111 1111'],
    ['dashes', 'card 5500-0000-0000-0004 was declined', '5500-0000-0000-0004'],
    ['no separators', 'charge 4012888888881881 please', '4012888888881881'],
    ['Amex 4-6-5', 'amex 3782 822463 10005', '3782 822463 10005'],
    ['Diners 14 digits', 'try 3056 9309 0259 04', '3056 9309 0259 04'],
    ['19 digits', 'card 6304 0000 0000 0000 018', '6304 0000 0000 0000 018'],
  ])('removes a Luhn-valid card number written with %s', (_label, text, card) => {
    expectRemoved(text, card);
    expect(redactSecrets(text).secretTypes).toEqual(['credit_card']);
  });

  it('keeps an order number that fails the Luhn check', () => {
    expectKept('order 4111111111111112 never arrived', '4111111111111112');
  });

  it('keeps a Luhn-valid number labelled as an IMEI or serial, but removes the same digits labelled as a card', () => {
    expectKept('IMEI 356938035643809, phone will not register', '356938035643809');
    expectKept('serial number 4532015112830366 on the sticker', '4532015112830366');
    expectRemoved('credit card 4532015112830366 was charged twice', '4532015112830366');
    expectRemoved('IMEI is fine but my card 4532 0151 1283 0366 is not', '4532 0151 1283 0366');
  });

  it('removes the expiry date and CVV that follow a card number, and labelled ones when the text is about a card', () => {
    const r = redactSecrets('4111 1111 1111 1111 12/26 123');
    expect(r.text).toBe(`${MARKER} ${MARKER} ${MARKER}`);
    expect(r.secretTypes).toEqual(['credit_card', 'card_expiry', 'cvv']);
    expectRemoved('the card expires 09/27 and the CVV is 737', '737');
    expectRemoved('the card expires 09/27 and the CVV is 737', '09/27');
  });

  it('keeps an expiry-like date when nothing is about a card', () => {
    expectKept('my warranty expires 12/26', '12/26');
  });

  // A hardware card is not a payment card; any other card may be, and its expiry goes (card expiry is a secret).
  it.each(['my graphics card warranty expires Sept 27', 'the SIM card expires Sept 27', 'the sd card trial expires 09/27'])(
    'keeps the date in %j, where the only card is hardware',
    (text) => {
      expect(redactSecrets(text).text).toBe(text);
    },
  );

  it.each([
    ['my card expires Sept 27', 'Sept 27'],
    ['the gift card expires Sept 27', 'Sept 27'],
    ['my graphics card was paid with my visa, it expires Sept 27', 'Sept 27'],
    ['the sd card trial expires 09/27, I will pay with my card', '09/27'],
  ])('removes the expiry in %j, where a card may be the payment card', (text, value) => {
    expectRemoved(text, value);
  });

  it('still removes a SIM card security code (a SIM PIN), whatever card it is', () => {
    expectRemoved('my SIM card security code is 1234', '1234');
  });
});

describe('passwords, PINs and Wi-Fi keys', () => {
  it.each([
    ['my password is hunter2', 'hunter2'],
    ['pw: X9!q', 'X9!q'],
    ['password=Pa55w0rd;user=bob', 'Pa55w0rd'],
    ['the wifi key is 7F3A9C21BD', '7F3A9C21BD'],
    ['Wi-Fi password: correcthorsebatterystaple', 'correcthorsebatterystaple'],
    ['pin 4821', '4821'],
    ['my PIN code is 095173', '095173'],
    ['passcode 271828 worked yesterday', '271828'],
    ['I changed my password to Blue-Falcon-92', 'Blue-Falcon-92'],
    ['the admin password was changed to Sp@rkle99', 'Sp@rkle99'],
    ['hunter42 is my password', 'hunter42'],
    ['Apple ID password: "my dog Rex 1999"', 'my dog Rex 1999'],
    ['my email password is sunshine.', 'sunshine'],
    ['wrong pin but I know it is 3344', '3344'],
    // "password" misspelt, as fast typists do.
    ['my card is 4111 1111 1111 1111 and pasword is hunter22', 'hunter22'],
    ['passwrod: Tr0ub4dor', 'Tr0ub4dor'],
    ['my wifi passowrd is sunshine99', 'sunshine99'],
    ['paswd hunter22', 'hunter22'],
    ['psswd=x9y8z7', 'x9y8z7'],
    // A plain word can be the password; only words that describe one are spared (below).
    ['my password is sunshine', 'sunshine'],
    ['password Summer!', 'Summer!'],
    ['my password is rEady', 'rEady'],
    ['my password is 8 characters: Tr0ub4dor', 'Tr0ub4dor'],
  ])('removes the credential in %j', (text, value) => {
    expectRemoved(text, value);
    expect(redactSecrets(text).secretTypes).toContain('password');
  });

  // Phrasings that reached storage and technicians before: no verb, the value before the keyword, or no keyword at all.
  it.each([
    ['Password: correct horse battery staple', 'Password: [removed]'],
    ['Password: correct horse battery staple, and the printer is offline', 'Password: [removed], and the printer is offline'],
    ['password: hunter2 HP-4520 is offline', 'password: [removed] HP-4520 is offline'],
    ['login: carol / S3cretP@ss', 'login: carol / [removed]'],
    ['user carol pass S3cretP@ss', 'user carol pass [removed]'],
    ['I forgot my password. I reset it and new one is Winter2025!', 'I forgot my password. I reset it and new one is [removed]'],
    ['i use hunter2 as password', 'i use [removed] as password'],
    ['tried logging in with S3cretP@ss', 'tried logging in with [removed]'],
    ['network key 8HJ2KL9Q', 'network key [removed]'],
    ['Enter the network security key 8HJ2KL9Q', 'Enter the network security key [removed]'],
  ])('removes the whole credential in %j', (text, redacted) => {
    expect(redactSecrets(text).text).toBe(redacted);
    expect(redactAll(text).text).toBe(redacted);
    expect(redactSecrets(text).secretTypes).toEqual(['password']);
  });

  it.each([
    // After "=" (config and log lines) the value is one token, so what follows it stays.
    'From the log: password=letmein99 every 5 minutes',
  ])('ends a labelled value after "=" at the first space: %j', (text) => {
    expect(redactSecrets(text).text).toBe(text.replace('letmein99', MARKER));
  });

  it.each([
    'Password: incorrect',
    "it says 'Password: not accepted'",
    "Password: doesn't work on the laptop",
    'password: wrong again',
    "it says 'incorrect password'",
    'my router is a TP-Link AX1500',
    'my password is fine but the router died, the new one is a TP-Link AX1500',
    'I use Chrome as my browser',
    'tried logging in with Office365',
    'tried logging in with my Microsoft account',
    'signed in with bob@example.com',
    'network key mismatch',
    'my security key YubiKey5 is not detected',
    'user account / profile settings',
    'pass the HP-4520 to me',
  ])('leaves support text that only looks like those phrasings alone: %j', (text) => {
    expect(redactSecrets(text).text).toBe(text);
  });

  // Passwords often hold "&" or ";": only the start of a connection string's or query string's next field ends one.
  it.each([
    ['password: Tr0ub4dor&3', `password: ${MARKER}`],
    ['pass: a&b1234 is what I typed', `pass: ${MARKER} is what I typed`],
    ['pw: x;y!2', `pw: ${MARKER}`],
    ['password=Pa55w0rd;user=bob', `password=${MARKER};user=bob`],
    ['Server=db01;User Id=sa;Password=Pa55w0rd;Encrypt=true', `Server=db01;User Id=sa;Password=${MARKER};Encrypt=true`],
  ])('leaves nothing of a password with "&" or ";" in %j', (text, redacted) => {
    expect(redactSecrets(text).text).toBe(redacted);
  });

  it.each(['my pasword isnt working', 'I forgot my passwrod, can you reset it?', 'my passport is expired'])(
    'leaves an ordinary complaint with a misspelt "password" (or a word like it) alone: %j',
    (text) => expect(redactSecrets(text).text).toBe(text),
  );

  it('removes the password from a URL with credentials; redactAll replaces the whole URL', () => {
    const text = 'ftp://admin:S3cr3t@nas.example.com/share';
    expect(redactSecrets(text).text).toBe(`ftp://admin:${MARKER}@nas.example.com/share`);
    expect(redactAll(text).text).toBe('[URL]');
    expect(redactAll(text).secretTypes).toEqual(['password']);
  });

  it.each([
    'my password is not working',
    'the password is wrong apparently',
    'I forgot my password, can you reset it?',
    'The PIN on my router label is flashing red',
    'the password field is greyed out',
    // Words about the password, not the password: technicians saw "[removed]" here.
    'is the password case-sensitive?',
    'my wifi password is case-sensitive right?',
    'have your Wi-Fi password ready',
    'the password is ready',
    'password ready?',
    "my password isn't working",
    "password doesn't work on the laptop",
    "the password wasn't accepted",
    'my password is 12 characters long',
    'is the password upper-case or lower-case',
    'password is ok?',
  ])('leaves an ordinary complaint about passwords alone: %j', (text) => {
    expect(redactSecrets(text).text).toBe(text);
  });
});

describe('passwords named before the clause that gives them', () => {
  // No password word in the clause itself: the password was named earlier in the message, or by the
  // question the bot is waiting on ("Type the Wi-Fi password again slowly"), and these reached storage.
  it.each([
    ["I forgot my password. mine is hunter22 and my son's is fluffy99", "I forgot my password. mine is [removed] and my son's is [removed]"],
    ["the passwords: mine is hunter22 and my son's is fluffy99", "the passwords: mine is [removed] and my son's is [removed]"],
    ['my wifi password stopped working, it\'s Harbor1905 and it worked yesterday', "my wifi password stopped working, it's [removed] and it worked yesterday"],
    // A list after a plural keyword: each value goes, not only the first.
    ['passwords: hunter22, fluffy99', 'passwords: [removed], [removed]'],
    ['our passwords are hunter22 and fluffy99', 'our passwords are [removed] and [removed]'],
    ['the pins are 4821, 9932 and 1234', 'the pins are [removed], [removed] and [removed]'],
  ])('removes every password in %j', (text, redacted) => {
    expect(redactSecrets(text).text).toBe(redacted);
    expect(redactAll(text).text).toBe(redacted);
  });

  it.each([
    ["mine is hunter22 and my son's is fluffy99", "mine is [removed] and my son's is [removed]"],
    ["it's Harbor1905", "it's [removed]"],
    ['it is 4821 i think', 'it is [removed] i think'],
    ['mine is K9x!mP2q and the guest one is Guest2024', 'mine is [removed] and the guest one is [removed]'],
  ])('removes %j when the open question talks about a password', (text, redacted) => {
    expect(redactSecrets(text, { passwordTalk: true }).text).toBe(redacted);
    expect(redactAll(text, { passwordTalk: true }).text).toBe(redacted);
  });

  it.each([
    "mine is broken and my son's is fine",
    "it's Harbor1905",
    "mine is hunter22",
  ])('needs the password named before: %j stays without it', (text) => {
    expect(redactSecrets(text).text).toBe(text);
  });

  // With nothing naming a password these reached storage and the technician whole.
  it.each([
    ["mine is hunter22 and my son's is fluffy99", "mine is [removed] and my son's is [removed]"],
    ["my son's is fluffy99, and mine is hunter22.", "my son's is [removed], and mine is [removed]."],
    ["mine is Harbor1905 but my daughter’s is K9x!mP2q", "mine is [removed] but my daughter’s is [removed]"],
    ["my wife's is summer2024 and my 12 year old son's is fluffy99", "my wife's is [removed] and my 12 year old son's is [removed]"],
  ])('removes both values of a pair of people\'s passwords with no password named: %j', (text, redacted) => {
    expect(redactSecrets(text).text).toBe(redacted);
    expect(redactAll(text).text).toBe(redacted);
    expect(redactAll(redactAll(text).text).text).toBe(redacted);
  });

  it.each([
    "mine is an XPS13 and my son's is an XPS15",
    "mine is xps13 and my son's is xps15",
    "mine is iphone12 and my son's is pixel7",
    "mine is windows10 and my son's is windows11",
    "mine is 256gb and my son's is 128gb",
    "mine is 15inch and my daughter's is 13inch",
    "mine is ax1500 and my son's is rt-ax86u",
    "mine is hunter22 and my laptop's is fluffy99",
    "mine is hunter22 and my son's is broken",
    "our gamertags: mine is hunter22 and my son's is fluffy99",
    "what usernames? mine is hunter22 and my son's is fluffy99",
  ])('keeps a pair that is no pair of passwords (devices, sizes, names, a thing\'s): %j', (text) => {
    expect(redactSecrets(text).text).toBe(text);
  });

  it.each([
    "mine is broken and my son's is fine",
    "mine is an HP 4520 and my son's is a Dell",
    "my son's is iPhone12",
    "it's 0x80070005 every time",
    "it's 2 years old",
    "it's v2.3.1 now",
    "it's 5GHz only",
    "it's HP4520",
    "it's Office365",
    "it's 10:30 here",
    'it is working now',
    'the new one is a Canon',
    'the old one is 2 years old',
  ])('keeps ordinary and technical words in %j though the question talks about a password', (text) => {
    expect(redactSecrets(text, { passwordTalk: true }).text).toBe(text);
  });

  // Removed as if they were passwords while the bot or the user was talking about one.
  it.each([
    ['my wifi is called C3PO&R2D2', 'C3PO&R2D2'],
    ['the SSID is R2D2&C3PO but the laptop cant see it', 'R2D2&C3PO'],
    ['my network name: C3PO&R2D2', 'C3PO&R2D2'],
    ['the screen says H3ll0 W0rld!', 'H3ll0 W0rld!'],
    ['the tv shows "H3ll0 W0rld!" and then goes black', 'H3ll0 W0rld!'],
  ])('keeps a network\'s name or a screen\'s words in %j though the question talks about a password', (text, kept) => {
    expectKept(text, kept, { passwordTalk: true });
    expect(redactSecrets(text, { passwordTalk: true }).found).toEqual([]);
  });

  it.each([
    ['C3PO&R2D2', 'C3PO&R2D2'],
    ['my wifi is C3PO&R2D2', 'C3PO&R2D2'],
    ['my wifi is called HomeNet and the key is C3PO&R2D2', 'C3PO&R2D2'],
    ['the sticker says K9x!mP2q', 'K9x!mP2q'],
    ['the screen says wrong, I typed Summer2024!', 'Summer2024!'],
    ['the screen says incorrect when i typed Summer2024!', 'Summer2024!'],
    ['the password screen says Summer2024! is wrong', 'Summer2024!'],
  ])('still removes the password in %j when the question talks about one', (text, value) => {
    expectRemoved(text, value, { passwordTalk: true });
  });

  // At "Type the Wi-Fi password again" (or right after a message that gave one) these reached the transcript whole:
  // a value tried, typed or refused needs no password word while a password is the subject.
  it.each([
    ['the sticker says the key is X7KP29QZ and i typed exactly that', 'the sticker says the key is [removed] and i typed exactly that'],
    ['tried Fluffy99 too', 'tried [removed] too'],
    ['i typed X7KP29QZ', 'i typed [removed]'],
    ['its definitely hunter22', 'its definitely [removed]'],
    ["it's really Fluffy99", "it's really [removed]"],
    ['Fluffy99 doesnt work either', '[removed] doesnt work either'],
    ['hunter22 is wrong', '[removed] is wrong'],
    ['tried 58203941 again', 'tried [removed] again'],
  ])('removes the value in %j while a password is the subject', (text, redacted) => {
    expect(redactSecrets(text, { passwordTalk: true }).text).toBe(redacted);
    expect(redactAll(text, { passwordTalk: true }).text).toBe(redacted);
    expect(redactAll(redacted, { passwordTalk: true }).text).toBe(redacted);
  });

  // At "Never type your password here" or "Type the Wi-Fi password again slowly" these were stored whole, and
  // "Summer2024" was read as "OK": a password typed alone, every value of a list tried, and "or X" after one removed.
  it.each([
    ['Summer2024', '[removed]'],
    ['Bluefish77', '[removed]'],
    ['bluefish88?', '[removed]'],
    ['i tried Summer2024 and Summer2025', 'i tried [removed] and [removed]'],
    ['tried Summer2024, Summer2025 and Winter2023', 'tried [removed], [removed] and [removed]'],
    ['or bluefish88', 'or [removed]'],
    ['or maybe its Bluefish99?', 'or maybe its [removed]'],
    ['tried Summer2024 and iphone12', 'tried [removed] and iphone12'],
    ['tried Kitten2020 and 3 times', 'tried [removed] and 3 times'],
  ])('removes the password in %j while a password is the subject', (text, redacted) => {
    expect(redactSecrets(text, { passwordTalk: true }).text).toBe(redacted);
    expect(redactAll(text, { passwordTalk: true }).text).toBe(redacted);
    expect(redactAll(redacted, { passwordTalk: true }).text).toBe(redacted);
  });

  it.each([
    'ok', 'done', 'nope', 'nope.', 'still nothing', 'forgot it', 'the network is HomeNet5G', 'NETGEAR47-5G', 'hunter2-5G',
    'BrightHome_5G', '0x800CCC0E', 'error651', 'E3', 'iOS17', 'iphone12', 'Windows11', 'AX1500', 'RT-AX86U', '2.4GHz',
    'v2.1.4', '192.168.1.1', '7RXK2M3', 'or the 5ghz one', 'or 2.4ghz',
  ])('keeps %j typed alone while a password is the subject: an answer, a network or technical data', (text) => {
    expect(redactSecrets(text, { passwordTalk: true }).text).toBe(text);
  });

  it.each(['Summer2024', 'i tried Summer2024 and Summer2025', 'or bluefish88'])('keeps %j where no password is the subject', (text) => {
    expect(redactSecrets(text).text).toBe(text);
  });

  it('removes a password given after "definitely" with the password named: "my password is definitely hunter22"', () => {
    expect(redactSecrets('my password is definitely hunter22').text).toBe('my password is definitely [removed]');
  });

  it.each([
    'i typed exactly that',
    'tried restarting too',
    'tried 2000 times',
    'tried 5GHz too',
    'tried iphone12 too',
    'i typed 192.168.1.1',
    'i used AX1500',
    'my TL-WR841N doesnt work',
    'error 0x80070005 doesnt work either',
    'it says wrong password',
    'my password is definitely wrong',
    'its definitely broken',
    'the network HomeNet5G doesnt work',
    'my wifi HomeNet5G is not working',
    'my wifi is called HomeNet5G',
  ])('keeps ordinary words, technical data and a network named as one in %j while a password is the subject', (text) => {
    expect(redactSecrets(text, { passwordTalk: true }).text).toBe(text);
  });

  // Found by the idempotence property: "pin ... is" read over the PIN refused the passphrase as a PIN, and hid the
  // password's own reading, so the passphrase was kept (a second pass, with the PIN gone, then removed it).
  it.each([
    ['my pin 4821 and password is blue elephant', 'my pin [removed] and password is [removed]'],
    ['pin 4821 password is correct horse battery', 'pin [removed] password is [removed]'],
  ])('removes a passphrase whose keyword follows a PIN: %j', (text, redacted) => {
    expect(redactSecrets(text).text).toBe(redacted);
    expect(redactAll(text).text).toBe(redacted);
    expect(redactAll(redacted).text).toBe(redacted);
  });

  // Found by the idempotence property: the words saying it was a screen's went with a passphrase, and a second pass took the rest.
  it('removes a screen\'s words when the words saying so were removed, so a second pass finds nothing more', () => {
    const options = { secretFollows: true };
    const once = redactAll("my son's the screen says H3ll0 W0rld!", options).text;
    expect(once).not.toContain('W0rld!');
    expect(redactAll(once, options).text).toBe(once);
  });

  // Found by the idempotence property: the security answer ran on into the next sentence's subject ("Smith the SSID"),
  // and a second pass, during password talk, read the subject-less "[removed] is R2D2&C3PO" as a password.
  it.each([
    ["mother's maiden name is Smith the SSID is R2D2&C3PO", "mother's maiden name is [removed] the SSID is R2D2&C3PO"],
    ["mother's maiden name is Smith the screen says H3ll0 W0rld!", "mother's maiden name is [removed] the screen says H3ll0 W0rld!"],
    ["mother's maiden name is Smith again the screen says H3ll0 W0rld!", "mother's maiden name is [removed] the screen says H3ll0 W0rld!"],
  ])('ends a security answer where the next sentence starts: %j', (text, redacted) => {
    const options = { passwordTalk: true };
    expect(redactAll(text, options).text).toBe(redacted);
    expect(redactAll(redacted, options).text).toBe(redacted);
  });

  it('still removes a security answer of several words', () => {
    expectRemoved('my favorite movie is Back to the Future', 'Back to');
    expectRemoved('my favorite movie is Back to the Future', 'Future');
  });

  // Found by the idempotence property: "pin" 200 characters back was out of reach until a first pass shortened the
  // text between, and the second pass then took the model numbers the first had kept.
  it('does not reach a password keyword across a value a first pass replaced', () => {
    const text = `pin 4821 ${'x'.repeat(30)}@${'y'.repeat(140)}.com is what i have, mine is xps13 and my son's is xps15`;
    const once = redactAll(text).text;
    expect(once).toContain('xps13');
    expect(redactAll(once).text).toBe(once);
  });

  // "the key is" with no word between key and verb was read only as "key: ...", so this reached storage whole.
  it('removes a Wi-Fi key given right after the network\'s name, with no password named', () => {
    expectRemoved('my wifi is called HomeNet and the key is C3PO&R2D2', 'C3PO&R2D2');
    expectKept('my wifi is called HomeNet and the key is C3PO&R2D2', 'HomeNet');
  });

  it.each([
    'I forgot my password for the printer, it\'s an HP 4520',
    'I forgot the password. my router is old, mine is RT-AX86U',
    'password reset mail never came, it is 0x80070005',
    'my password is hunter22, 0x80070005 shows',
    'my pin is 4821, 2 tries left',
    'passwords: synced, stored',
  ])('keeps the technical data after a password was named: %j', (text) => {
    const kept = text.replace(/\b(?:hunter22|4821)\b/, MARKER);
    expect(redactSecrets(text).text).toBe(kept);
  });
});

describe('national identifiers and bank data', () => {
  it('removes US social security numbers and UK National Insurance numbers', () => {
    expectRemoved('my SSN is 123-45-6789', '123-45-6789');
    expectRemoved('social security number 219 09 9999', '219 09 9999');
    expectRemoved('NI number AB 12 34 56 C', 'AB 12 34 56 C');
    expect(redactSecrets('my SSN is 123-45-6789').secretTypes).toEqual(['ssn']);
    expect(redactSecrets('NI number AB 12 34 56 C').secretTypes).toEqual(['national_id']);
  });

  it('removes IBANs that pass mod-97 even when followed by more words, and keeps look-alikes that fail it', () => {
    const r = redactSecrets('refund to GB82 WEST 1234 5698 7654 32 please');
    expect(r.text).toBe(`refund to ${MARKER} please`);
    expect(r.secretTypes).toEqual(['iban']);
    expectRemoved('DE89370400440532013000', 'DE89370400440532013000');
    expectKept('model GB82 WEST 1234 5698 7654 33 has a fault', 'GB82 WEST 1234 5698 7654 33');
  });

  it('removes account, routing and sort code numbers given in context', () => {
    const r = redactSecrets('bank account number 000123456789, routing number 021000021, sort code 20-00-00');
    expect(r.text).toBe(`bank account number ${MARKER}, routing number ${MARKER}, sort code ${MARKER}`);
    expect(r.secretTypes).toEqual(['bank_account']);
  });
});

describe('secrets found in a probe of pasted wording', () => {
  // Each reached storage before: a label people use that the rules did not know, or digits written as words.
  it.each([
    ['my SIN is 046 454 286', '046 454 286', 'national_id'],
    ['sort code 12-34-56 acc 12345678', '12345678', 'bank_account'],
    ['passport number 123456789', '123456789', 'national_id'],
    ['my passport no. is 533380006', '533380006', 'national_id'],
    ['DNI 12345678Z', '12345678Z', 'national_id'],
    ["driver's license number D1234567", 'D1234567', 'national_id'],
    ['driving licence: MORGA753116SM9IJ', 'MORGA753116SM9IJ', 'national_id'],
    ['card number four one one one one one one one one one one one one one one one', 'four one one one one one one one one one one one one one one one', 'credit_card'],
    ['4111 1111 1111 1111 and exp 09/27', '09/27', 'card_expiry'],
    ['exp 09/27 cvv 123', '09/27', 'card_expiry'],
    ['valid thru 11/28', '11/28', 'card_expiry'],
    ['mi tarjeta es 4111111111111111 caduca 09/27', '09/27', 'card_expiry'],
    ['ma carte 4111 1111 1111 1111 expire 09/27', '09/27', 'card_expiry'],
    ['account 12345678 sort 12-34-56', '12-34-56', 'bank_account'],
    ['tax file number 123 456 782', '123 456 782', 'national_id'],
    ['my medicare number is 2123 45670 1', '2123 45670 1', 'national_id'],
    ['my NHS number is 943 476 5919', '943 476 5919', 'national_id'],
    ['I ordered with card 4111 1111 1111 1111', '4111 1111 1111 1111', 'credit_card'],
    ['for my order, 4111 1111 1111 1111', '4111 1111 1111 1111', 'credit_card'],
    ['my password manager password is Tr0ub4dor&3', 'Tr0ub4dor&3', 'password'],
  ])('removes the secret in %j', (text, value, type) => {
    expectRemoved(text, value);
    expect(redactSecrets(text).secretTypes).toContain(type);
  });

  it.each([
    'I sin 123 456 789 times',
    'my order number is 1234567890',
    'the passport photo upload fails with error 0x80070005',
    'one one one one one one one one one one one one one',
    'my warranty expiry is 09/2027',
    'exp 2 of 5 failed',
    'the acc 123 light is on',
    'sort 12 files by date',
    'call nhs 111 if it gets worse',
    // The last four digits, as receipts print them, are not the card number.
    'card ending in 1111',
    'card 1111 was charged twice',
    // Labelled order and invoice numbers pass Luhn one time in ten: they were removed as cards.
    'my amazon order 112-7162198-9943396 never came',
    'invoice 6011111111111117 is wrong',
    'reference number 5500000000000004',
    // Things named after a password that are not one.
    'my password manager is 1Password',
    'my iphone 15 pro passcode screen is frozen',
    'the password field is broken',
  ])('leaves %j alone', (text) => {
    expect(redactSecrets(text).text).toBe(text);
  });

  // A card number split over two messages: the first half is card data on its own, and the second
  // half, typed right after a message that had card data removed, goes too.
  it('removes both halves of a card number split over two messages', () => {
    expect(redactSecrets('card 4111 1111').text).toBe('card [removed]');
    expect(redactSecrets('visa number is 4111 1111 1111').text).toBe('visa number is [removed]');
    expect(redactSecrets('1111 1111 exp 09/27', { cardContinues: true }).text).toBe('[removed] exp [removed]');
    expect(redactSecrets('11111111', { cardContinues: true }).secretTypes).toEqual(['credit_card']);
    expect(redactSecrets('1111 1111 exp 09/27').text).toBe('1111 1111 exp [removed]');
    expect(redactSecrets('thanks, order 12345678 is the one', { cardContinues: true }).text).toBe('thanks, order 12345678 is the one');
  });
});

describe('API keys and tokens', () => {
  it.each([
    ['sk-proj-4fT9xQ2mZ7vB1nL8kR3sW6yH0cJ5dA'],
    ['AKIAIOSFODNN7EXAMPLE'],
    ['ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['xoxb-2048-1024-ZzYyXxWwVvUu'],
  ])('removes the vendor-format key %s wherever it appears', (key) => {
    expectRemoved(`it fails with ${key} since today`, key);
    expect(redactSecrets(`it fails with ${key} since today`).secretTypes).toEqual(['api_key']);
  });

  it('removes bearer tokens and labelled high-entropy values, but not labelled identifiers', () => {
    expectRemoved('Authorization: Bearer 7f3c9a1e5b2d8f4a6c0e9b7d1f3a5c8e', '7f3c9a1e5b2d8f4a6c0e9b7d1f3a5c8e');
    expectRemoved('api_key=9f8e7d6c5b4a39281706f5e4d3c2b1a0 in config', '9f8e7d6c5b4a39281706f5e4d3c2b1a0');
    expectRemoved('secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    expectKept('the registry key: HKEY_LOCAL_MACHINE is missing', 'HKEY_LOCAL_MACHINE');
  });

  it('removes a private key block entirely', () => {
    const text = 'here:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq9\nZx3Y\n-----END RSA PRIVATE KEY-----\nthanks';
    expect(redactSecrets(text).text).toBe(`here:\n${MARKER}\nthanks`);
  });

  it('removes a token carried in a URL query while keeping the rest of the URL in redactSecrets', () => {
    const r = redactSecrets('see https://example.com/reset?token=abc123def456&lang=en');
    expect(r.text).toBe(`see https://example.com/reset?token=${MARKER}&lang=en`);
  });
});

describe('security answers', () => {
  it.each([
    ["my mother's maiden name is Kowalski", 'Kowalski'],
    ['first pet was Biscuit', 'Biscuit'],
    ['the name of my first pet is Mr Whiskers, if that helps', 'Mr Whiskers'],
    ['for the security question the answer is Rosebud', 'Rosebud'],
    ['the city I was born in is Tbilisi', 'Tbilisi'],
  ])('removes the answer in %j', (text, answer) => {
    expectRemoved(text, answer);
    expect(redactSecrets(text).secretTypes).toEqual(['security_answer']);
  });

  it('stops the answer at the next clause so the rest of the message survives', () => {
    expect(redactSecrets("maiden name is Smith and the printer is an HP LaserJet Pro M404n").text).toBe(
      `maiden name is ${MARKER} and the printer is an HP LaserJet Pro M404n`,
    );
  });
});

describe('one-time codes', () => {
  it.each([
    ['the code is 483920', '483920'],
    ['verification code: 771204', '771204'],
    ['G-582014 is your Google verification code', 'G-582014'],
    ['OTP 550921 expired', '550921'],
    ['264817', '264817'],
  ])('removes a pasted code in %j', (text, code) => {
    expectRemoved(text, code);
    expect(redactSecrets(text).secretTypes).toEqual(['otp']);
  });

  it('keeps the six-digit code the bot itself asked for when expectingOtp is set', () => {
    expect(redactSecrets('483920', { expectingOtp: true }).text).toBe('483920');
    expect(redactSecrets('the code is 483920', { expectingOtp: true }).text).toBe('the code is 483920');
    // Other secrets in the same reply are still removed.
    expect(redactSecrets('483920 and my password is hunter2', { expectingOtp: true }).text).toBe(`483920 and my password is ${MARKER}`);
  });

  it.each([
    ['recovery code 1234-5678-9012', 'recovery code [removed]'],
    ['backup codes: 84729 12345', 'backup codes: [removed]'],
    ['my recovery key is A1B2-C3D4 ok', 'my recovery key is [removed] ok'],
  ])('removes every group of a recovery or backup code in %j, also from redactAll (not read as a phone number)', (text, redacted) => {
    expect(redactSecrets(text).text).toBe(redacted);
    expect(redactAll(text).text).toBe(redacted);
    expect(redactAll(text).secretTypes).toEqual(['otp']);
  });

  it.each(["recovery code from Microsoft didn't work", 'the backup key is on the USB drive'])('keeps %j, which holds no code', (text) => {
    expect(redactSecrets(text).text).toBe(text);
  });

  it.each(['error code 1603 during install', 'Device Manager shows Code 43', 'zip code 94105', 'promo code 20240'])(
    'does not take %j for a one-time code',
    (text) => {
      expect(redactSecrets(text).text).toBe(text);
    },
  );
});

// Phrasings that reached the transcript and technicians before; each also has a labelled evaluation line.
describe('secrets typed without the usual keyword, or more than one at a time', () => {
  it.each([
    ['tried logging in with hunter22', 'tried logging in with [removed]'],
    ['signed in using sunshine99 yesterday', 'signed in using [removed] yesterday'],
    ['my login is jsm1th#77', 'my login is [removed]'],
    ['logging in with 482913 fails', 'logging in with [removed] fails'],
    ['pwd hunter22', 'pwd [removed]'],
    ['pw hunter22', 'pw [removed]'],
    ['my password is hunter22 or maybe hunter23', 'my password is [removed] or maybe [removed]'],
    ['the password is either hunter22 or Hunter22!', 'the password is either [removed] or [removed]'],
    ['my pins are 4821 and 9932', 'my pins are [removed] and [removed]'],
    ['pin 4821 or 9932', 'pin [removed] or [removed]'],
    ['the wifi is HomeNet5G pass Harbor19', 'the wifi is HomeNet5G pass [removed]'],
    ['ssid: HomeNet5G / Harbor19', 'ssid: HomeNet5G / [removed]'],
    ['the key on the router sticker is 8HJ2KL9Q', 'the key on the router sticker is [removed]'],
    ['my password is X1abc!! ... the new one is Y2k9!x', 'my password is [removed] ... the new one is [removed]'],
    ['my wifi password for the router was hunter22, the router is old, the new one is Y2k9!x', 'my wifi password for the router was [removed], the router is old, the new one is [removed]'],
    ['I changed my phone PIN, the phone is old, the new one is 4821', 'I changed my phone PIN, the phone is old, the new one is [removed]'],
    ['I changed my wifi password, the router is old, the new one is pass1234', 'I changed my wifi password, the router is old, the new one is [removed]'],
    // Someone else's value of the same kind, named after the first.
    ["my pin is 4821 and my wife's is 9932", "my pin is [removed] and my wife's is [removed]"],
    ["my pin is 4821, my wife's is 993245", "my pin is [removed], my wife's is [removed]"],
    ["my password is hunter22 and my son's is fluffy99", "my password is [removed] and my son's is [removed]"],
    ['password is hunter22 and mine is fluffy99', 'password is [removed] and mine is [removed]'],
    ["my password is hunter22, my wife's is roses, and hers is probably Tulip#1", "my password is [removed], my wife's is [removed], and hers is probably [removed]"],
    ["the wifi password is Harbor19 and the router's is admin", "the wifi password is [removed] and the router's is [removed]"],
    ["my pin is 4821 and my wife's is different", "my pin is [removed] and my wife's is different"],
    ["my pin is 4821 and my wife's is 2 years old", "my pin is [removed] and my wife's is 2 years old"],
    ['old pin 1234 new pin 5678', 'old pin [removed] new pin [removed]'],
    ['pw 4821', 'pw [removed]'],
    ['password 2024', 'password [removed]'],
  ])('removes the password in %j', (text, redacted) => {
    expect(redactSecrets(text).text).toBe(redacted);
    expect(redactAll(text).text).toBe(redacted);
  });

  it.each([
    'logging in with my phone',
    'logging in with google',
    'signed in with the app',
    'logging in with 2FA',
    'signed in with MS365',
    'tried logging in with Office 365',
    'my login is not working',
    // "one" is the router here: a model number named after a device is kept.
    'I changed my wifi password yesterday, the router is old, the new one is AX1500',
    'my password is hunter22 and 0x80070005 shows',
    'my password is hunter22 or the router RT-AX86U is broken',
    'the registry key for the network adapter is HKEY_LOCAL_MACHINE',
    'wifi: 2.4/5GHz both drop',
    // Typed in lower case, a model is still the device "one" stands for.
    'I changed my wifi password, the router is old, the new one is ax1500',
    'I changed my wifi password, the router is old, the new one is rt-ax86u',
    // What is said about someone else's password, or about something else of theirs, stays.
    "my password is hunter22 and my son's is broken too",
    "my password is hunter22 and my laptop's is a ThinkPad X1",
    // Said about the passwords, not one of them; "password is" spares the same words.
    'my passwords are synced.',
    'my password is synced.',
    'my passwords are gone!',
    // "pw" is also the Kindle Paperwhite: a year after it is not a PIN.
    'pw 2024',
    'my kindle pw 2019 will not charge',
  ])('keeps the ordinary words and technical data in %j', (text) => {
    const kept = text.replace(/\bhunter22\b/, MARKER);
    expect(redactSecrets(text).text).toBe(kept);
  });

  it.each([
    ['backup codes: 84729 12345 and 11111', 'backup codes: [removed]'],
    ['backup codes: 84729, 12345, and 11111', 'backup codes: [removed]'],
    ['backup codes:\n84729\n12345', 'backup codes:\n[removed]'],
    ['backup code 12345678 and 0x80070005 error', 'backup code [removed] and 0x80070005 error'],
  ])('removes every code of a listed run in %j, and stops at technical data', (text, redacted) => {
    expect(redactSecrets(text).text).toBe(redacted);
    expect(redactAll(text).text).toBe(redacted);
  });

  it.each([
    ['they texted me 482913', '482913', 'otp'],
    ['got a text with 482913', '482913', 'otp'],
    ['the email said 482913', '482913', 'otp'],
    ["mother's maiden name Kowalski", 'Kowalski', 'security_answer'],
    ['secret answer pickle', 'pickle', 'security_answer'],
    ['memorable info: pickle', 'pickle', 'security_answer'],
    ['the answer is fluffy for the security question', 'fluffy', 'security_answer'],
    ['the code on the back of my card is 123', '123', 'cvv'],
    ['the 3 numbers on the back are 123 for my visa', '123', 'cvv'],
    ['my visa 4111 1111 1111 1111 expires september 2027', 'september 2027', 'card_expiry'],
    ['last 4 of my ssn are 6789', '6789', 'ssn'],
    ['my SSN ends in 6789', '6789', 'ssn'],
    ['sin number 046 454 286', '046 454 286', 'national_id'],
  ])('removes the secret in %j', (text, value, type) => {
    expectRemoved(text, value);
    expect(redactSecrets(text).secretTypes).toContain(type);
  });

  it.each([
    'maiden name field is empty',
    'security answer question keeps failing',
    'they sent me 2 emails',
    'they texted me a link',
    'the number on the back of the router is 1234',
    'my warranty expires september 2027',
    'I sin 123 456 789 times',
  ])('leaves %j alone', (text) => {
    expect(redactSecrets(text).text).toBe(text);
  });
});
