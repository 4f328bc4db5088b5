import fc from 'fast-check';
import { formatAddress, readAddress, noPhoneToCall, readEmail, readName, pickedOf, readPhone, splitContacts } from '../../../src/services/privacy/contact-fields';

describe('reading contact details', () => {
  it('takes an email out of a sentence and lower-cases only the domain', () => {
    expect(readEmail('sure, it is Ana.Lopez@Example.COM.')).toEqual({ ok: true, value: 'Ana.Lopez@example.com' });
  });

  // Every row names what a "yes" would keep: the provider it suggests, or the address as read.
  it.each([
    ['ana@gmial.com', 'ana@gmial.com', 'Did you mean gmail.com', 'ana@gmail.com'],
    ['ana@hotmial.com', 'ana@hotmial.com', 'Did you mean hotmail.com', 'ana@hotmail.com'],
    ['ana@yaho.com', 'ana@yaho.com', 'Did you mean yahoo.com', 'ana@yahoo.com'],
    ['ana@gmail.con', 'ana@gmail.con', 'Did you mean gmail.com', 'ana@gmail.com'],
    ['ana@outlok.com', 'ana@outlok.com', 'Did you mean outlook.com', 'ana@outlook.com'],
    ['ana@icloud.co', 'ana@icloud.co', 'Did you mean icloud.com', 'ana@icloud.com'],
    // Written out: read, and asked whether it was read right.
    ['ana at example dot com', 'ana@example.com', "So that's ana@example.com?", 'ana@example.com'],
    ['my email is Ana.Lopez (at) gmail (dot) com', 'ana.lopez@gmail.com', "So that's ana.lopez@gmail.com?", 'ana.lopez@gmail.com'],
    ['jane at example dot co dot uk', 'jane@example.co.uk', "So that's jane@example.co.uk?", 'jane@example.co.uk'],
    // The marks of the name said out too: only the last word was read ("smith@gmail.com"), an address of someone else.
    ['john dot smith at gmail dot com', 'john.smith@gmail.com', "So that's john.smith@gmail.com?", 'john.smith@gmail.com'],
    ['mary underscore jones at yahoo dot co dot uk', 'mary_jones@yahoo.co.uk', "So that's mary_jones@yahoo.co.uk?", 'mary_jones@yahoo.co.uk'],
    ['my email is john dash smith plus news at gmail dot com', 'john-smith+news@gmail.com', "So that's john-smith+news@gmail.com?", 'john-smith+news@gmail.com'],
    // A space or a comma slipped into the address: put together, and asked (it was refused, or cut at the slip).
    ['john @ gmail.com', 'john@gmail.com', "So that's john@gmail.com?", 'john@gmail.com'],
    ['john@ gmail.com', 'john@gmail.com', "So that's john@gmail.com?", 'john@gmail.com'],
    ['it is john@gmail .com', 'john@gmail.com', "So that's john@gmail.com?", 'john@gmail.com'],
    ['john@gmail,com', 'john@gmail.com', "So that's john@gmail.com?", 'john@gmail.com'],
    // Read, with a slip in the provider: the question shows the address put right.
    ['john @ gmial.com', 'john@gmial.com', "So that's john@gmail.com?", 'john@gmail.com'],
    ['john at hotmial dot com', 'john@hotmial.com', "So that's john@hotmail.com?", 'john@hotmail.com'],
  ])('reads "%s" as %s but asks first: "%s"; yes keeps %s', (text, value, asks, yes) => {
    const r = readEmail(text);
    expect(r).toMatchObject({ ok: true, value, confirm: { yes } });
    if (r.ok) expect(r.doubt).toContain(asks);
  });

  it.each(['ana@gmail.com', 'ana@example.com', 'ana@gmx.de', 'ana@aol.com', 'ana@me.com', 'ana@mail.com', 'ana@email.com', 'ana@brightside.example'])(
    'takes "%s" without a doubt',
    (text) => {
      expect(readEmail(text)).toEqual({ ok: true, value: text });
    },
  );

  // Sentence punctuation after the address is not part of it ("john@gmail.com!" was refused as typed).
  it.each([
    ['my email is john@gmail.com.', 'john@gmail.com'],
    ['john@gmail.com!', 'john@gmail.com'],
    ['is it John@Gmail.com?', 'John@gmail.com'],
    // A password removed elsewhere in the message leaves the address whole.
    ['my password is [removed] and my email is jane@example.com', 'jane@example.com'],
  ])('reads "%s" as %s', (text, value) => {
    expect(readEmail(text)).toEqual({ ok: true, value });
  });

  // A name no address is spelt like: "neil@aol.com" was offered for it, a stranger's address.
  it.each([
    ["mary-ann o'neil at aol dot com", "mary-ann o'neil"],
    ["my email is o'neil at aol dot com", "o'neil"],
    ['mary-ann oneil at aol dot com', 'mary-ann oneil'],
  ])('refuses "%s", saying it can\'t read "%s" as an address', (text, name) => {
    expect(readEmail(text)).toEqual({ ok: false, reason: expect.stringContaining(`I can't read "${name}" as the first part of an email address`) });
  });

  it("keeps an apostrophe typed in an address: o'neil@aol.com was read as neil@aol.com", () => {
    expect(readEmail("it's o'neil@aol.com")).toEqual({ ok: true, value: "o'neil@aol.com" });
  });

  it.each(['ana@', 'ana@example', '[removed]', 'i am at home', 'look at that', 'it is at gmail', 'jane[removed]@example.com', 'jane at [removed] dot com'])('refuses "%s" with a reason', (text) => {
    const r = readEmail(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(10);
  });

  it.each([
    ['(415) 555-2671', 'US', '+14155552671'],
    ['my number is 415.555.2671', 'US', '+14155552671'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['my number is 415 555 2671, call after 5', 'US', '+14155552671'],
    // A card number the redaction took out of the same message leaves the phone number readable.
    ['my number is 415 555 2671, my card [removed] if you need it', 'US', '+14155552671'],
    // "00" is how most of the world dials abroad: it was refused in the US as "too many digits".
    ['0044 20 7946 0958', 'US', '+442079460958'],
    ['00 33 1 42 68 53 00', 'US', '+33142685300'],
    ['call me on 0044 20 7946 0958', 'US', '+442079460958'],
    ['0044 20 7946 0958', 'GB', '+442079460958'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['+44 (0)20 7946 0958', 'US', '+442079460958'],
    // A 00 inside a number is no international prefix.
    ['415 555 0012', 'US', '+14155550012'],
  ])('stores "%s" (region %s) as %s', (text, region, e164) => {
    expect(readPhone(text, region)).toEqual({ ok: true, value: e164 });
  });

  it('says why a phone number is refused', () => {
    expect(readPhone('555-1234', 'US')).toMatchObject({ ok: false, reason: expect.stringMatching(/too short/) });
    expect(readPhone('+1 415 555 26711', 'US')).toMatchObject({ ok: false, reason: expect.stringMatching(/too many digits/) });
    expect(readPhone('no idea', 'US')).toMatchObject({ ok: false, reason: expect.stringMatching(/couldn't find a phone number/) });
    expect(readPhone('my pin is [removed]', 'US')).toMatchObject({ ok: false, reason: expect.stringMatching(/removed because it looked like a password/) });
  });

  // "Please include the area code" to a user who did: the number has its ten digits, it is just not in use.
  it.each([
    ['555 201 3344', /doesn't look like a real phone number \(555 is not a real area code: it is kept for films and examples\)\. Please check it and type it again\./],
    ['+1 555 201 3344', /doesn't look like a real phone number \(555 is not a real area code/],
    ['123 456 7890', /doesn't look like a real phone number \(123 is not an area code in use\)/],
  ])('"%s" is told it is no real number, not to add an area code', (text, reason) => {
    const read = readPhone(text, 'US');
    expect(read).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
    expect(read).not.toMatchObject({ reason: expect.stringMatching(/include the area code/) });
  });

  // Ofcom's drama range: refused without a word of why, as if the user had mistyped it.
  it.each([
    ['07700 900123', 'GB'],
    ['07700900000', 'GB'],
    ['+44 7700 900999', 'GB'],
    ['+44 7700 900123', 'US'],
    ['0044 7700 900123', 'US'],
  ])('"%s" (region %s) is told it is a number kept for TV and films', (text, region) => {
    const read = readPhone(text, region);
    expect(read).toEqual({
      ok: false,
      reason: "That doesn't look like a real phone number (07700 900 numbers are not real: they are kept for TV and films). Please check it and type it again.",
    });
  });

  it('a UK mobile number next to the drama range is not said to be kept for TV', () => {
    expect(readPhone('07700 901123', 'GB')).toMatchObject({ ok: false, reason: expect.not.stringMatching(/TV/) });
    expect(readPhone('07911 123456', 'GB')).toEqual({ ok: true, value: '+447911123456' });
  });

  it('a short number is still asked for its area code', () => {
    expect(readPhone('201 3344', 'US')).toMatchObject({ ok: false, reason: expect.stringMatching(/too short\. Please include the area code/) });
  });

  // Two numbers were refused as "too many digits" (their digits together), which no re-typing of either fixed.
  // The doubt did not say that "the second one" is an answer, so users typed the number out again.
  it.each([
    ['415 555 2671 or 415 555 2672', 'US', '+14155552671', '+1 415 555 2671', '+1 415 555 2672'],
    ['call 415 555 2671 or 212 555 0188', 'US', '+14155552671', '+1 415 555 2671', '+1 212 555 0188'],
    ['home 020 7946 0958 mobile 07911 123456', 'GB', '+442079460958', '+44 20 7946 0958', '+44 7911 123456'],
    ['+44 20 7946 0958 or 415 555 2671', 'US', '+442079460958', '+44 20 7946 0958', '+1 415 555 2671'],
  ])('asks about two numbers in "%s" (region %s), offering the first, or "the second one"', (text, region, e164, shown, second) => {
    expect(readPhone(text, region)).toEqual({
      ok: true,
      value: e164,
      doubt: `That's two numbers, and we can keep only one. Say yes to use the first, ${shown}, "the second one" to use ${second}, or type the one you'd like us to use.`,
      confirm: { yes: e164, picks: [expect.objectContaining({ value: e164 }), expect.anything()] },
    });
  });

  // The real one was kept without a word, and the user never learnt the other was refused, nor why.
  it.each([
    ['415 555 2671 or 555 201 3344', 'US', '+14155552671', '+1 415 555 2671', '555 201 3344', ' (555 is not a real area code: it is kept for films and examples)'],
    ['555 201 3344 or 415 555 2671', 'US', '+14155552671', '+1 415 555 2671', '555 201 3344', ' (555 is not a real area code: it is kept for films and examples)'],
    ['07911 123456 or 07700 900123', 'GB', '+447911123456', '+44 7911 123456', '07700 900123', ' (07700 900 numbers are not real: they are kept for TV and films)'],
  ])('asks about a real and a fake number in "%s" (region %s), offering the real one and saying why the other is not', (text, region, e164, shown, fake, why) => {
    expect(readPhone(text, region)).toEqual({
      ok: true,
      value: e164,
      doubt: `That's two numbers, and only ${shown} is a real one: ${fake} isn't${why}. Say yes to use ${shown}, or type the one you'd like us to use.`,
      confirm: { yes: e164 },
    });
  });

  it.each(['call 415 555 2671 after 5', '415 555 2671 or 201 3344', 'my number is 415 555 2671, call after 5pm on 12/03'])('keeps the one number in "%s" without asking: no other has all its digits', (text) => {
    expect(readPhone(text, 'US')).toEqual({ ok: true, value: '+14155552671' });
  });

  it('the same number written twice is one number, kept without asking', () => {
    expect(readPhone('415-555-2671 / 415.555.2671', 'US')).toEqual({ ok: true, value: '+14155552671' });
  });

  // The extension was dropped without a word, and a call back reached the switchboard.
  it.each(['415-555-2671 ext 23', '415 555 2671 x23', '(415) 555-2671 ext. 23'])('asks about the extension in "%s" before keeping the number alone', (text) => {
    const r = readPhone(text, 'US');
    expect(r).toMatchObject({ ok: true, value: '+14155552671', confirm: { yes: '+14155552671' } });
    if (r.ok) expect(r.doubt).toBe('We can only keep the number itself, not extension 23. Say yes to keep +1 415 555 2671, or type a direct number.');
  });

  it('says what is wrong with a number written as dialled in another country, or with a letter in it', () => {
    // "too many digits" did not tell the user to use +44 and drop the 0.
    for (const text of ['020 7946 0958', '07700 900123']) {
      expect(readPhone(text, 'US')).toMatchObject({ ok: false, reason: expect.stringMatching(/^Numbers in US don't start with 0\. .*start with \+ and its country code and leave out the 0/) });
    }
    expect(readPhone('4l5 555 2671', 'US')).toMatchObject({ ok: false, reason: expect.stringMatching(/^There's a letter among the digits/) });
  });

  it('stores any valid US number in E.164 whatever the formatting', () => {
    const area = fc.constantFrom('415', '212', '617', '303', '206');
    const exchange = fc.integer({ min: 200, max: 999 }).filter((n) => n % 100 !== 11);
    const line = fc.integer({ min: 0, max: 9999 });
    const format = fc.constantFrom(
      (a: string, e: string, l: string) => `(${a}) ${e}-${l}`,
      (a: string, e: string, l: string) => `${a}.${e}.${l}`,
      (a: string, e: string, l: string) => `${a}${e}${l}`,
      (a: string, e: string, l: string) => `+1 ${a} ${e} ${l}`,
    );
    fc.assert(
      fc.property(area, exchange, line, format, (a, e, l, f) => {
        const digits = `${a}${e}${String(l).padStart(4, '0')}`;
        const r = readPhone(f(a, String(e), String(l).padStart(4, '0')), 'US');
        return !r.ok || r.value === `+1${digits}`;
      }),
    );
  });

  it('reads a US address with state and ZIP', () => {
    const r = readAddress('1 Main St, Apt 4, Springfield, IL 62701', 'US');
    expect(r).toEqual({ ok: true, value: { street: '1 Main St, Apt 4', city: 'Springfield', region: 'IL', postcode: '62701', country: 'US' } });
    if (r.ok) expect(formatAddress(r.value)).toBe('1 Main St, Apt 4, Springfield, IL 62701');
    expect(readAddress('500 Oak Ave, Portland, Oregon, 97201-1234', 'US')).toMatchObject({ ok: true, value: { region: 'OR', postcode: '97201-1234' } });
  });

  it('explains what is missing from a US address', () => {
    expect(readAddress('1 Main St, Springfield, IL', 'US')).toMatchObject({ ok: false, reason: expect.stringMatching(/ZIP code/) });
    expect(readAddress('1 Main St, Springfield, 62701', 'US')).toMatchObject({ ok: false, reason: expect.stringMatching(/state/) });
    expect(readAddress('Springfield, IL 62701', 'US')).toMatchObject({ ok: false, reason: expect.stringMatching(/street and the city/) });
    expect(readAddress('1 Main St, Springfield, IL 6270', 'US')).toMatchObject({ ok: false, reason: expect.stringMatching(/ZIP/) });
  });

  it('checks UK postcodes by their format', () => {
    expect(readAddress('10 Downing Street, London, sw1a2aa', 'GB')).toEqual({
      ok: true,
      value: { street: '10 Downing Street', city: 'London', postcode: 'SW1A 2AA', country: 'GB' },
    });
    expect(readAddress('10 Downing Street, London, 12345', 'GB')).toMatchObject({ ok: false, reason: expect.stringMatching(/postcode/) });
  });

  it('reads a name from "my name is ..." and refuses things that are not names', () => {
    expect(readName('My name is Ana López.')).toEqual({ ok: true, value: 'Ana López' });
    expect(readName('12345').ok).toBe(false);
    expect(readName('ana@example.com').ok).toBe(false);
  });

  // "yes" at the name question (the question before had just been answered) was stored as the name.
  it.each(['yes', 'Yes.', 'ok', 'nope', 'why?', 'why do you need my name?'])('refuses "%s" as a name and says what it needs', (text) => {
    expect(readName(text)).toEqual({ ok: false, reason: 'I need the name we should use for you, like "Jane Doe".' });
  });

  // "how long will this take" at the name question was kept as the user's name.
  it.each(['how long will this take', 'what happens next', 'when will someone call', 'where do i send it'])('refuses the question "%s" as a name', (text) => {
    expect(readName(text)).toEqual({ ok: false, reason: 'I need the name we should use for you, like "Jane Doe".' });
  });

  // "can i talk to someone else" at the name question was kept as the user's name.
  it.each(['can i talk to someone else', 'could you hurry up', 'do you need my last name too', 'is there anyone else', 'can u just connect me'])('refuses the question "%s" as a name', (text) => {
    expect(readName(text)).toEqual({ ok: false, reason: 'I need the name we should use for you, like "Jane Doe".' });
  });

  it.each(['Will Smith', 'Shall Patel', 'Who Lee', 'Howard Wong', 'Can Yilmaz', 'Will Du'])('keeps "%s", a name that starts like a question word', (text) => {
    expect(readName(text)).toEqual({ ok: true, value: text });
  });

  // The words around a name were kept as part of it ("bob smith here", "hi, it's bob").
  it.each([
    ["it's Bob", 'Bob'],
    ['bob smith here', 'bob smith'],
    ['call me Bob', 'Bob'],
    ['you can call me Bob', 'Bob'],
    ["hi, it's Bob", 'Bob'],
    ['hey im bob', 'bob'],
    ["the name's Bob Smith", 'Bob Smith'],
    ['ok, Bob', 'Bob'],
    ['Bob Smith speaking.', 'Bob Smith'],
    ["it\u2019s Bob", 'Bob'],
    // Names that start like a greeting word stay whole.
    ['So Yeon Kim', 'So Yeon Kim'],
    ['Oh Sandra', 'Oh Sandra'],
  ])('reads the name in "%s" as %s', (text, name) => {
    expect(readName(text)).toEqual({ ok: true, value: name });
  });

  // "actually my printer is broken" at the name question was kept as the user's name.
  it.each(['actually my printer is broken', 'my printer is broken', "it doesn't print", 'I need help with my laptop'])('refuses the sentence "%s" as a name', (text) => {
    expect(readName(text)).toEqual({ ok: false, reason: 'That reads like a sentence rather than a name. Just the name, please, like "Jane Doe".' });
  });

  it.each(['Jo', 'Yesenia Park', 'Noah'])('still takes "%s", a name that starts like a yes or no', (text) => {
    expect(readName(text)).toEqual({ ok: true, value: text });
  });
});

describe('noPhoneToCall: no phone to be called on', () => {
  it.each([
    ['my phone is broken', 'broken'],
    ["my phone doesn't work", 'broken'],
    ['My mobile isn’t working', 'broken'],
    ['my cell phone died', 'broken'],
    ['I lost my phone', 'broken'],
    ["I don't have a phone right now", 'none'],
    ["I haven't got a mobile", 'none'],
    ['no phone', 'none'],
    ['i dont have a phone', 'none'],
    ['my phone isnt working', 'broken'],
  ])('reads "%s" as %s', (text, why) => {
    expect(noPhoneToCall(text)).toBe(why);
  });

  it.each(['415 555 2671', 'my phone is broken, call 415 555 2671', 'my phone number is 415 555 2671', 'call my phone', 'my printer is broken', "I don't have my phone with me"])(
    'reads nothing of the kind in "%s"',
    (text) => {
      expect(noPhoneToCall(text)).toBeUndefined();
    },
  );
});

describe('splitContacts: a name answer that carries more', () => {
  it.each([
    ['Jane Doe, jane@example.com', { rest: 'Jane Doe', email: 'jane@example.com' }],
    ['Jane Doe and my email is jane@example.com', { rest: 'Jane Doe', email: 'jane@example.com' }],
    ['John Smith email: john@x.com', { rest: 'John Smith', email: 'john@x.com' }],
    ['Jane Doe, (415) 555-2671', { rest: 'Jane Doe', phone: '(415) 555-2671' }],
    ['Jane Doe - 415 555 2671 - jane@example.com', { rest: 'Jane Doe', email: 'jane@example.com', phone: '415 555 2671' }],
    ["Mary-Ann O'Neil", { rest: "Mary-Ann O'Neil" }],
  ])('%j', (text, parts) => {
    expect(splitContacts(text)).toEqual(parts);
  });
});

describe('picking one of two numbers', () => {
  // "That's two numbers ... Say yes to use the first": the answers that name the other were not understood,
  // and the doubt was asked again. The two numbers go with the doubt, so the answer can choose between them.
  const picksOf = (text: string, region: string) => {
    const read = readPhone(text, region);
    if (!read.ok) throw new Error(read.reason);
    return read.confirm?.picks ?? [];
  };

  it.each([
    ['the second one', '+14155552672'],
    ['the second', '+14155552672'],
    ['second', '+14155552672'],
    ['the other one', '+14155552672'],
    ['use the other one please', '+14155552672'],
    ['the first one', '+14155552671'],
    ['the last one', '+14155552672'],
  ])('%j picks %s of "415 555 2671 or 415 555 2672"', (answer, number) => {
    expect(pickedOf(answer, picksOf('415 555 2671 or 415 555 2672', 'US'))).toBe(number);
  });

  it.each([
    ['the mobile one', '+447911123456'],
    ['mobile', '+447911123456'],
    ['the cell number', '+447911123456'],
    ['my home number', '+442079460958'],
    ['the landline', '+442079460958'],
  ])('%j picks %s of the labelled "home 020 7946 0958 mobile 07911 123456"', (answer, number) => {
    expect(pickedOf(answer, picksOf('home 020 7946 0958 mobile 07911 123456', 'GB'))).toBe(number);
  });

  it('keeps each number with the word typed before it', () => {
    expect(picksOf('home 020 7946 0958 mobile 07911 123456', 'GB')).toEqual([
      { value: '+442079460958', label: 'home' },
      { value: '+447911123456', label: 'mobile' },
    ]);
  });

  // "the mobile one" names no number when the user named none, and other answers are no pick.
  it.each([
    ['the mobile one', '415 555 2671 or 415 555 2672'],
    ['the work one', 'home 020 7946 0958 mobile 07911 123456'],
    ['the second time it failed', '415 555 2671 or 415 555 2672'],
    ['no one answers the first', '415 555 2671 or 415 555 2672'],
  ])('%j picks nothing of %j', (answer, text) => {
    expect(pickedOf(answer, picksOf(text, /home/.test(text) ? 'GB' : 'US'))).toBeUndefined();
  });
});
