import { endsWithSecretLeadIn, redactAll, redactSecrets, type RedactOptions } from '../../../../src/services/privacy/redaction';

// Wording that let a secret through, or lost ordinary words, before: PINs and passwords named in other
// languages, access codes, passphrases of plain words, a value typed in the message after "my password is",
// and a connector's pin or a router model that are no secrets.

function expectRedacted(text: string, redacted: string, options: RedactOptions = {}): void {
  expect(redactSecrets(text, options).text).toBe(redacted);
  expect(redactAll(text, options).text).toBe(redacted);
}

function expectUnchanged(text: string, options: RedactOptions = {}): void {
  expect(redactSecrets(text, options).text).toBe(text);
  expect(redactAll(text, options).text).toBe(text);
}

describe('PINs and passwords named in other languages', () => {
  it.each([
    ['mon NIP est 4321', 'mon NIP est [removed]'],
    ['NIP 4321', 'NIP [removed]'],
    ['mon code secret est 4321', 'mon code secret est [removed]'],
    ['mi clave es Gato2024', 'mi clave es [removed]'],
    ['mein PIN-Code ist 4321', 'mein PIN-Code ist [removed]'],
    ['meine Geheimzahl ist 4321', 'meine Geheimzahl ist [removed]'],
    ['mon mot de passe c\'est Soleil99', "mon mot de passe c'est [removed]"],
    ['mein Passwort heißt Sonne99', 'mein Passwort heißt [removed]'],
  ])('removes the value in %j', (text, redacted) => {
    expectRedacted(text, redacted);
    expect(redactSecrets(text).secretTypes).toEqual(['password']);
  });

  // As "my password is wrong" stays, so do the same complaints in the languages whose keywords are known.
  it.each([
    'mein Passwort ist falsch',
    'mein Passwort ist abgelaufen',
    'mi contraseña es incorrecta',
    'mon mot de passe est oublié',
    'mon mot de passe est toujours refusé par le serveur',
    'mein Passwort ist falsch und ich komme nicht rein',
  ])('keeps the complaint %j', (text) => {
    expectUnchanged(text);
  });
});

describe('access codes', () => {
  it.each([
    ['door code is 4321', 'door code is [removed]'],
    ['gate code 1234', 'gate code [removed]'],
    ['alarm code is 9876', 'alarm code is [removed]'],
    ['the code to my house is 1234', 'the code to my house is [removed]'],
    ['the code for the front door is 4321, the wifi is down', 'the code for the front door is [removed], the wifi is down'],
    ["the door code at my mum's house is 4321", "the door code at my mum's house is [removed]"],
    ['the gate code for unit 4 is 1234', 'the gate code for unit 4 is [removed]'],
    ['lockbox code: 5521', 'lockbox code: [removed]'],
  ])('removes the code in %j as a password-like secret', (text, redacted) => {
    expectRedacted(text, redacted);
    expect(redactSecrets(text).secretTypes).toEqual(['password']);
  });

  it.each([
    'the door code panel is not working',
    'my alarm code stopped working',
    'the code to my house is on the fridge',
    'error 1234 on the alarm panel',
    'the gate code for unit 4 is broken',
    'building code 2018 requires it',
  ])('keeps %j', (text) => {
    expectUnchanged(text);
  });
});

describe('passphrases of plain words after "password is"', () => {
  it.each([
    ['my password is correct horse battery staple', 'my password is [removed]'],
    ['my password is purple monkey dishwasher.', 'my password is [removed].'],
    ['my password is correct horse battery staple and the router says error 5', 'my password is [removed] and the router says error 5'],
    ['the password is correct horse battery staple, can you reset it', 'the password is [removed], can you reset it'],
    ['my password is hunter2 and the router says error 5', 'my password is [removed] and the router says error 5'],
  ])('removes the passphrase, and only it, in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  it.each([
    'my password is correct but it still fails',
    'my password is wrong again',
    'my password is too short for the new policy',
    'my password is the default one',
    'my password is locked out again',
    'my password is giving me trouble today',
    'my password is really long and complicated',
    'my password is printed underneath the router',
    'my password is all lower case letters',
    'my password is twelve characters with symbols',
    'my password is blocked by the admin',
    // A phone's SIM PIN after three wrong tries: the user needs the PUK, and the word says so.
    'my pin is blocked',
    'my sim pin is blocked, it asks for a puk',
  ])('keeps what is said about the password: %j', (text) => {
    expectUnchanged(text);
  });
});

describe('a secret typed in the message after its lead-in', () => {
  it.each(['my password is', 'my pin is:', 'Password:', 'mon mot de passe est', 'the door code is', 'my wifi password is...'])(
    'reads %j as announcing a secret',
    (text) => {
      expect(endsWithSecretLeadIn(text)).toBe(true);
    },
  );

  it.each(['I forgot my password', 'what is my password?', 'my password is [removed]', 'my password manager is', 'pin 4 is', 'the door code'])(
    'does not read %j as announcing one',
    (text) => {
      expect(endsWithSecretLeadIn(text)).toBe(false);
    },
  );

  it.each([
    ['Tr0ub4dor&3', '[removed]'],
    ['4321', '[removed]'],
    ['sunshine', '[removed]'],
    ['correct horse battery staple', '[removed]'],
    ['hunter2 and the router says error 5', '[removed] and the router says error 5'],
    ["it's Tr0ub4dor&3", "it's [removed]"],
  ])('removes %j after a lead-in', (text, redacted) => {
    expectRedacted(text, redacted, { secretFollows: true });
  });

  it.each(['not working', 'wrong', 'hold on let me check', 'Tr0ub4dor&3'])('keeps %j when no lead-in came before (or it is no value)', (text) => {
    const options = text === 'Tr0ub4dor&3' ? {} : { secretFollows: true };
    expectUnchanged(text, options);
  });
});

describe('a pin that is hardware, and a model that is no password', () => {
  it.each([
    'pin 4 on the cable is bent',
    'pin 4 on the cable is bent and pin 5 too',
    'the pins on the cable are bent',
    'the pin is bent',
    'pin #2 is corroded',
  ])('keeps %j whole', (text) => {
    expectUnchanged(text);
  });

  it('still removes a PIN written with four digits or more', () => {
    expectRedacted('pin 4821 does not work', 'pin [removed] does not work');
  });

  it.each([
    'I changed the wifi password, mine is RT-AX86U',
    'forgot my password. mine is RT-AX86U',
    'the password is on the sticker, mine is rt-ax86u',
  ])('keeps the router model in %j', (text) => {
    expectUnchanged(text);
    expectUnchanged('mine is RT-AX86U', { passwordTalk: true });
  });
});

describe('a secret given before its name, in the same clause', () => {
  it.each([
    ['1234 is the door code', '[removed] is the door code'],
    ['5521 was our garage code', '[removed] was our garage code'],
    ["4321 is my mum's gate code", "[removed] is my mum's gate code"],
    ['9876 is my phone passcode', '[removed] is my phone passcode'],
    ['hunter22 is my gmail password', '[removed] is my gmail password'],
  ])('removes the value in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  it.each([
    '3 is the number of lights blinking',
    '192.168.1.1 is my router address',
    'error 5 is the code it shows',
    // An error code named as one, or reported by the device, is what the technician needs.
    'error 1603 is the code it shows',
    'E-1234 is the code it shows',
    '1603 is the code the installer shows',
    'error 4321 is the door code panel fault',
    '128 is the password length limit',
  ])('keeps %j', (text) => {
    expectUnchanged(text);
  });
});

describe('two-word passphrases, and what is said about a password', () => {
  it.each([
    ['my password is purple monkey', 'my password is [removed]'],
    ['the wifi password is blue elephant.', 'the wifi password is [removed].'],
    ['my password is fluffy bunny, can you check', 'my password is [removed], can you check'],
  ])('removes the passphrase in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  it.each([
    'my password is wrong',
    'password is not working',
    'password is too long',
    'password is case sensitive',
    'my password is only numbers',
    'my password is having issues',
    'my password is spelled correctly',
    'my password is double checked',
    // Three to six words the lists did not know, which were removed as a passphrase.
    'my password is suddenly refusing login',
    'my password is some random gibberish',
    'my password is failing every time',
    'my password is reset every month',
    'my password is synced across devices',
    'my password is hidden behind dots',
    'my password is letters and numbers',
    'my password is useless',
  ])('keeps %j', (text) => {
    expectUnchanged(text);
  });
});

describe('card, one-time code and PIN wording that leaked', () => {
  it.each([
    ['the 3 digits on the back are 123', 'the 3 digits on the back are [removed]'],
    ['the three digit code on the back is 737', 'the three digit code on the back is [removed]'],
    ['123 is the cvv', '[removed] is the cvv'],
    ['card 4111 - 1111 - 1111 - 1111 please', 'card [removed] please'],
    ['card 4111  1111  1111  1111', 'card [removed]'],
    ['i got 482913 in a text', 'i got [removed] in a text'],
    ['482913 is what they texted me', '[removed] is what they texted me'],
    ['they texted 482913', 'they texted [removed]'],
    ['the code that came by text is 482913', 'the code that came by text is [removed]'],
    ['my pin is 4 3 2 1', 'my pin is [removed]'],
    ['pin: four three two one', 'pin: [removed]'],
    ["mother's maiden name - Smith", "mother's maiden name - [removed]"],
  ])('removes the secret in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  it.each(['the digits on the back of the router are 1234', 'the code on the back is 123', 'the pins 1 2 3 and 4 are bent', 'pin 4 on the cable is bent and pin 5 too'])(
    'keeps %j',
    (text) => {
      expectUnchanged(text);
    },
  );
});

describe('a password given with a hedge or for its field', () => {
  it.each([
    ['i think the password might be Winter2024', 'i think the password might be [removed]'],
    ['my password used to be hunter22 but I changed it', 'my password used to be [removed] but I changed it'],
    ['pin might be 4821', 'pin might be [removed]'],
    ['i set the password as Harbor#19', 'i set the password as [removed]'],
    ['i entered 4821 for the pin', 'i entered [removed] for the pin'],
  ])('removes the value in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  it.each(['the password might be wrong', 'the password might be cached', 'I used chrome for the password', 'I set the password as required', 'i entered 0x80070005 for the password error'])(
    'keeps %j',
    (text) => {
      expectUnchanged(text);
    },
  );
});

describe('wording that leaked: a two-word passphrase, a PIN typed later, a keypad, spaced and spelled codes, card separators', () => {
  it.each([
    ['my password is correct horse', 'my password is [removed]'],
    ['my password is correct horse.', 'my password is [removed].'],
    ['it asked for my pin so i typed 4821', 'it asked for my pin so i typed [removed]'],
    ['it asked for the pin and i put in 1234', 'it asked for the pin and i put in [removed]'],
    ['the password box came up and I entered Harbor19 twice', 'the password box came up and I entered [removed] twice'],
    ['the alarm keypad takes 2580', 'the alarm keypad takes [removed]'],
    ['the gate opens with 1234', 'the gate opens with [removed]'],
    ['otp 48 29 13', 'otp [removed]'],
    ['otp 4 8 2 9 1 3', 'otp [removed]'],
    ['the verification code is 48 29 13', 'the verification code is [removed]'],
    ['cvv is one two three', 'cvv is [removed]'],
    ['card security code is seven three seven, thanks', 'card security code is [removed], thanks'],
    ['4111/1111/1111/1111', '[removed]'],
    ['4111_1111_1111_1111', '[removed]'],
    ['4111-1111 1111.1111', '[removed]'],
    ['card 4111 / 1111 / 1111 / 1111 please', 'card [removed] please'],
    ['first pet was called Rex', 'first pet was called [removed]'],
    ['my first pet was named Rex', 'my first pet was named [removed]'],
  ])('removes the secret in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  it.each([
    'my password is wrong everywhere',
    'my password is correct honestly',
    'my password is correct mate',
    'the pin prompt came, i tried 3 times',
    'it asked for my password so i tried 5 times',
    'the password expired so i used 2fa',
    'the pins are bent, I used 2000 grit',
    'the safe takes 2000 watts',
    'the alarm keypad takes 4 AA batteries',
    'the garage door takes 2019 model remotes',
    // A number with a unit or a word that makes it a measure or a setting is no code.
    'the alarm takes 2580 ms to arm',
    'the alarm panel is set to 2024 mode',
    'the alarm takes 1500 seconds delay to arm',
    'the alarm panel is set to 1000 percent',
    'error code 12 34',
    'cvc is one of the fields',
    'IMG_20240101_123456.jpg will not open',
    'the update is 2024.01.15 build 4111.2222',
  ])('keeps %j', (text) => {
    expectUnchanged(text);
  });
});

describe('a hint at the password goes whole', () => {
  // The hint tells anyone who reads the transcript where to look, so it goes like the password, with or without "my".
  it.each([
    ["my password is dog's name", 'my password is [removed]'],
    ["my password is my dog's name", 'my password is [removed]'],
    ["my password is dog's name and it fails", 'my password is [removed] and it fails'],
    ['my password is the name of my dog', 'my password is [removed]'],
    ["the password is mum's maiden name plus 99", 'the password is [removed]'],
    ["my pin is my son's birthday", 'my pin is [removed]'],
    // What is joined on to the hint is the rest of the password.
    ["my password is my dog's name plus 99", 'my password is [removed]'],
    ["my password is my dog's name followed by 2019", 'my password is [removed]'],
    ["my password is my dog's name and 2019", 'my password is [removed]'],
    ["my password is my dog's name and 99 is that ok?", 'my password is [removed] is that ok?'],
  ])('removes the hint in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  // A number that starts a new clause after "and" is not added to the hint.
  it.each([
    ["my password is my dog's name and 2019 is the year", 'my password is [removed] and 2019 is the year'],
    ['my password is the name of my dog and 2019 was when i set it', 'my password is [removed] and 2019 was when i set it'],
  ])('keeps the new clause in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  it.each(["my password is the router's default", 'my password is the default one'])('keeps %j', (text) => {
    expectUnchanged(text);
  });
});

describe('a number a device reports as its code', () => {
  it.each(['the printer says 1603 is the code', 'my printer shows 1603 is the code.'])('keeps %j', (text) => {
    expectUnchanged(text);
  });

  it.each([
    ['the app says 482913 is your code', 'the app says [removed] is your code'],
    ['the text says 482913 is the code', 'the text says [removed] is the code'],
  ])('still removes a one-time code an app or a text gives: %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });
});

describe('what is written straight on after a secret goes with it', () => {
  // The expiry joined to the card number by "/" is the card's expiry: left behind, it is half of what a fraudster needs.
  it.each([
    ['card 4111111111111111/09/27', 'card [removed]/[removed]'],
    ['card 4111111111111111/09/2027 cvv 123', 'card [removed]/[removed] cvv [removed]'],
    ['paid with 5500000000000004-11/28 and it failed', 'paid with [removed]-[removed] and it failed'],
  ])('removes the expiry in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  // A code read out in pairs may end on one digit; set off the same way, it is the code's last digit.
  it.each([
    ['otp 48 29 13 5', 'otp [removed]'],
    ['otp 48-29-13-5', 'otp [removed]'],
    ['my code is 48 29 13 5 please', 'my code is [removed] please'],
    // Read out in threes, the leftover digit is the same giveaway.
    ['otp 482 913 5', 'otp [removed]'],
    ['otp 482-913-5', 'otp [removed]'],
    ['the verification code is 482 913 5 thanks', 'the verification code is [removed] thanks'],
    // An eight- or nine-digit code read in threes ends on two or three digits, and one read in fours on a second four.
    ['code 482 913 55', 'code [removed]'],
    ['otp 482-913-55 expired', 'otp [removed] expired'],
    ['code 482 913 551', 'code [removed]'],
    ['the code is 4829 1355', 'the code is [removed]'],
  ])('removes the last digit in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  // A number with a unit after it is a count, not the code's tail.
  it.each([
    ['otp 482 913 5 minutes ago', 'otp [removed] 5 minutes ago'],
    ['code 482 913 55 times', 'code [removed] 55 times'],
    ['otp 48 29 13 5 mins ago', 'otp [removed] 5 mins ago'],
  ])('keeps the count in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  // Found by the idempotence property: an address opening with "x" or "%" was no count, and once
  // masked it left the code to be removed by a second pass.
  it.each([
    ['the code is 483920 x|h.a@example.lk', 'the code is [removed] [EMAIL]'],
    ['the code is 483920 %.~a@l.example.com', 'the code is [removed] [EMAIL]'],
    // The same for a keypad's unit and a connector's pin number.
    ['the keypad takes 2580 %.by.0@example.com', 'the keypad takes [removed] [EMAIL]'],
    ['tried 4821 for the pin 3jo@example.com', 'tried [removed] for the pin [EMAIL]'],
  ])('removes the secret before an address in %j, and a second pass changes nothing', (text, redacted) => {
    const once = redactAll(text).text;
    expect(once).toBe(redacted);
    expect(redactAll(once).text).toBe(once);
  });

  it.each(['error code 48 29 13 5', 'error code 482 913 5', 'error code 482 913 55', 'error 482 on page 913 55 times', 'the date on the card is 09/27'])('keeps %j', (text) => {
    expectUnchanged(text);
  });
});

describe('a token with letters, digits and a symbol, in a message that names a password', () => {
  // No one writes a word, a product or an error code like "Summer2024!": next to a password word it is the password,
  // however the sentence puts it.
  it.each([
    ['i use the same password everywhere, Summer2024!', 'i use the same password everywhere, [removed]'],
    ['it wont accept Summer2024! as my password', 'it wont accept [removed] as my password'],
    ['Tr0ub4dor&3 doesnt work as my password', '[removed] doesnt work as my password'],
    ['my password - Summer2024!', 'my password - [removed]'],
    ['password (Summer2024!) doesnt work', 'password ([removed]) doesnt work'],
  ])('removes it in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  it('removes it after a question or message about a password', () => {
    expectRedacted("mine is the same as my son's, summer2024!", "mine is the same as my son's, [removed]", { passwordTalk: true });
  });

  it.each([
    'my password stopped working after the Windows11 update!',
    'the wifi password uses WPA2-Personal and AES',
    'the wifi password has 12 characters, 3 numbers and a !',
    'wifi password hasnt worked since 2024!',
  ])('keeps %j', (text) => {
    expectUnchanged(text);
  });
});

describe('a key read off a sticker', () => {
  // What the sticker or the router "says", or what follows a comma or colon after the password's name, is the key.
  it.each([
    ['wifi password on the sticker says 8f3kd92k', 'wifi password on the sticker says [removed]'],
    ['its the password on the back of the router, 8f3kd92k', 'its the password on the back of the router, [removed]'],
    ['the wifi pass on the sticker: 8f3kd92k', 'the wifi pass on the sticker: [removed]'],
  ])('removes it in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  it.each(['the password page says incorrect', 'my password doesnt work, error 0x80070005', 'my password stopped working, kb5034441 broke it', 'my password doesnt work, windows11 rejects it'])(
    'keeps %j',
    (text) => {
      expectUnchanged(text);
    },
  );
});

describe('the last four of an SSN named first', () => {
  it.each([
    ['ssn last 4 is 6789', 'ssn last 4 is [removed]'],
    ["my social's last four: 6789", "my social's last four: [removed]"],
  ])('removes it in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  it('keeps a count after it', () => {
    expectUnchanged('my ssn last 4 times was rejected');
  });
});

describe('secrets typed with no password word, or next to one that was read wrongly', () => {
  // Account passwords first: a value tried and refused at sign-in, or written after the account as a pair.
  it.each([
    ['tried Summer2024! and Summer2025! neither work', 'tried [removed] and [removed] neither work'],
    ['use Summer2024! to log in', 'use [removed] to log in'],
    ['log in with jsmith and Summer2024!', 'log in with jsmith and [removed]'],
    ['it keeps rejecting Summer2024!', 'it keeps rejecting [removed]'],
    ['it wont accept Summer2024!', 'it wont accept [removed]'],
    ['jsmith / Tr0ub4dor&3', 'jsmith / [removed]'],
    ['my pin? 0000', 'my pin? [removed]'],
    ['my pin is my birthday 0412', 'my pin is [removed]'],
    ['my password is my birthday 12/04/1990', 'my password is [removed]'],
    ['key: 8f3kd92k', 'key: [removed]'],
    ['sin 046 454 286', 'sin [removed]'],
    ['the security question is where was i born, london', 'the security question is where was i born, [removed]'],
    ['the security question is what was your first car? honda civic', 'the security question is what was your first car? [removed]'],
    ["first pet's name fluffy", "first pet's name [removed]"],
  ])('removes it in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  it('removes the password after an email address and a slash; the address is personal data', () => {
    expect(redactSecrets('apple id jo@x.com / hunter22').text).toBe('apple id jo@x.com / [removed]');
    expect(redactAll('apple id jo@x.com / hunter22').text).toBe('apple id [EMAIL] / [removed]');
  });

  it.each([
    ['login: jsmith / pass: Tr0ub4dor&3', 'login: jsmith / pass: [removed]'],
  ])('keeps the label in %j', (text, redacted) => {
    expectRedacted(text, redacted);
  });

  it.each([
    'my password expired at 10:30!!',
    'wifi password changed, SSID is HomeNet5G',
    "the network key, it's WPA2-PSK AES",
    'i cant log in, tried Ctrl+Alt+F2',
    'tried 4K@60Hz and it flickers',
    'tried resetting, error 0x800f081f!',
    'tried iOS17.2! no luck',
    'I accept the terms but R2D2#1 wont show',
    'TCP / IP',
    'Win10 / Win11Pro',
    'I sin 123 456 789 times',
    'the security question is what was your first car? I dont remember',
    "first pet's name field is empty",
    'press any key: F12',
    'ssh key: id_ed25519',
    'key: 0x80070005',
  ])('keeps %j', (text) => {
    expectUnchanged(text);
  });
});
