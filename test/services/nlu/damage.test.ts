import { asksAboutSafety, asksToKeepUsing, hazardIn, physicalDamageIn } from '../../../src/services/nlu/damage';

describe('physicalDamageIn: liquid or broken glass told in a message', () => {
  it.each([
    'i spilled coffee on my laptop',
    'my phone fell in water',
    'dropped my phone in the toilet',
    'my ipad got wet',
    'water damage on my tablet',
    'my kid poured juice all over the keyboard',
    'coffee all over my laptop',
    'my phone went in the washing machine',
  ])('%j is liquid', (text) => {
    expect(physicalDamageIn(text)).toBe('liquid');
  });

  it.each(['my screen is cracked', 'i smashed my phone screen', 'the tv screen shattered', 'my laptop hinge snapped'])('%j is impact', (text) => {
    expect(physicalDamageIn(text)).toBe('impact');
  });

  // Words a guide answers, or a question the billing team does.
  it.each([
    'my phone says moisture detected',
    'my screen is broken',
    'my wifi keeps dropping',
    'the water heater app wont open',
    'my iphone screen cracked, is that covered by warranty',
    'my phone wont charge',
  ])('%j is no damage', (text) => {
    expect(physicalDamageIn(text)).toBeUndefined();
  });

  // These started "Laptop won't charge", got "not something I can help with" or only "no guide".
  it.each([
    ['my laptop charger is sparking', 'sparks'],
    ['the power cord on my laptop is melted', 'melted'],
    ['my laptop battery is swollen', 'swelling'],
    ['my kid got a shock from the laptop charger', 'electric shock'],
    ['my tv made a pop and now smells like burning', 'burning smell'],
    ['i smell burning from the router', 'burning smell'],
    ['theres smoke coming from my printer', 'smoke'],
    ['my echo got really hot and smells', 'burning smell'],
    ['something is smoking', 'smoke'],
    ['the outlet behind my tv caught fire', 'fire'],
    ['my charger started a fire', 'fire'],
    ['no smoke but it smells of burnt plastic', 'burning smell'],
    ['why does my charger smell like burning?', 'burning smell'],
    ['can i still use my phone if the battery is swollen?', 'swelling'],
    ['my phone battery is swollen, is that covered by warranty?', 'swelling'],
  ] as const)('%j is a hazard: %s', (text, hazard) => {
    expect(hazardIn(text)).toBe(hazard);
    expect(physicalDamageIn(text)).toBe('hazard');
  });

  // Negated, wondered about, a device's name, an alarm, an app, or heat alone (the guides ask about the rest).
  it.each([
    'my laptop is overheating but there is no smoke',
    "it doesn't smell",
    'not swollen, it just drains fast',
    'can a laptop battery catch fire?',
    'could my charger catch fire if i leave it plugged in',
    'fire stick remote wont pair',
    'my smoke alarm keeps beeping',
    'spark email app wont sync',
    'my phone gets really hot when charging',
    'i was shocked by my bill',
  ])('%j is no hazard', (text) => {
    expect(hazardIn(text)).toBeUndefined();
  });
});

// They started the charger's guide, a phone's battery guide at its safety ending, or got "not something I can help with".
describe('asksAboutSafety: a danger asked about, not told', () => {
  it.each([
    'can a laptop battery catch fire?',
    'is it dangerous if my phone gets hot while charging?',
    'is it safe to leave my router on all night',
    'is it safe to charge my phone overnight',
    'could my charger start a fire',
    'can a swollen battery explode?',
  ])('%j asks about safety', (text) => {
    expect(asksAboutSafety(text)).toBe(true);
    expect(physicalDamageIn(text)).toBeUndefined();
  });

  // A hazard told, asked about or not; a safety question about something else; heat alone.
  it.each([
    'why does my charger smell like burning?',
    'my charger is sparking, is that dangerous?',
    'is it safe to let you access my computer remotely',
    'is it safe to type my password here',
    'is it normal for my laptop to get hot',
    'my phone gets really hot when charging',
  ])('%j does not', (text) => {
    expect(asksAboutSafety(text)).toBe(false);
  });
});

// After the damage advice these got "which of these do you mean?" or a goodbye.
describe('asksToKeepUsing: whether a device told damaged may still be used', () => {
  it.each([
    'can i keep using it if its plugged in? i need to finish work',
    'it still works tho, is that ok?',
    'is it ok to charge it?',
    'can i still use it',
    'can i turn it back on?',
  ])('%j asks', (text) => {
    expect(asksToKeepUsing(text)).toBe(true);
  });

  // Told, not asked; a new hazard, which is hazardIn's; a question about something else.
  it.each(['i need to keep using it', 'can i keep using it, its smoking now?', 'how long will the repair take?', 'can you call me instead?'])('%j does not', (text) => {
    expect(asksToKeepUsing(text)).toBe(false);
  });
});
