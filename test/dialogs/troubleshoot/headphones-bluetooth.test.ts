// Headphones had no guide: "my airpods wont connect to my phone" was told "I don't have a guide for
// that problem yet", "my headphones wont connect to my phone" got the phone's Wi-Fi guide and
// "my headphones wont connect to my laptop" the accessory guide (keyboards and mice).
import type { Activity } from 'botbuilder';
import { data, startTestBot, type TestBot } from '../../support/conversation';
import { openingReader } from '../../support/openings';

const texts = (replies: Partial<Activity>[]) => replies.map((r) => r.text ?? '').join('\n');
const lastOf = (replies: Partial<Activity>[]) => replies[replies.length - 1];

describe('opening messages about headphones and earbuds', () => {
  const guidesFor = openingReader();

  it.each([
    'my airpods wont connect',
    'my airpods wont connect to my phone',
    'airpods not connecting to my iphone',
    'galaxy buds wont pair',
    'bluetooth headphones wont connect to my laptop',
    'my headphones wont connect to my phone',
    // A goodbye to the model, for "works".
    'only one airpod works',
    // Out of scope to the model.
    'my airpods only play in one ear',
    'my headphones keep disconnecting from my phone',
    'no sound in my earbuds',
    // Which device first, for Sony (a TV and phone maker).
    'my sony headphones keep cutting out',
    // Out of scope: too few of its words known.
    'my airpods are acting up',
    // The smart speaker's Bluetooth guide.
    'my bluetooth headset wont pair',
    'my headset wont connect to my phone',
  ])('%j starts the headphones guide', (text) => {
    expect(guidesFor(text)).toEqual(['headphones-bluetooth']);
  });

  it.each([
    ['my bluetooth speaker wont pair', 'smart-speaker-bluetooth'],
    ['my wireless mouse stopped working', 'computer-accessory'],
    ['no sound from my laptop speakers', 'computer-no-sound'],
    ['my phone wont connect to wifi', 'phone-wifi'],
  ])('%j still starts %s', (text, guide) => {
    expect(guidesFor(text)).toEqual([guide]);
  });

  // A VR headset is no headphones, whatever it won't do.
  it.each(['my quest 2 headset wont turn on', 'my quest headset wont connect', 'my oculus headset wont pair with my phone'])('%j does not get the headphones guide', (text) => {
    expect([guidesFor(text)].flat()).not.toContain('headphones-bluetooth');
  });

  it('"thanks my airpods work now" is still a goodbye', () => {
    expect(guidesFor('thanks my airpods work now')).toBe('routed to goodbye');
  });
});

describe('the headphones guide, through the whole bot', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  it('on an iPhone, goes from the battery to re-pairing, other devices, a restart and the AirPods reset, then a technician', async () => {
    const user = bot.conversation();
    const opened = await user.say('airpods not connecting to my iphone');
    expect(texts(opened)).toMatch(/Going by what you told me: They won't connect or keep disconnecting\./);
    expect(data(lastOf(opened)).step).toMatchObject({ flow: 'headphones-bluetooth', stepId: 'charge' });
    const bluetooth = await user.say('Still not working');
    expect(texts(bluetooth)).toMatch(/Going by what you told me: iPhone or iPad\./);
    expect(data(lastOf(bluetooth)).step).toMatchObject({ stepId: 'ios-bluetooth' });
    expect(texts(await user.say('Still not working'))).toMatch(/Forget\s+This Device/);
    expect(texts(await user.say('Still not working'))).toMatch(/Turn Bluetooth off\s+on your other phones, tablets and computers/);
    expect(data(lastOf(await user.say('Still not working'))).step).toMatchObject({ stepId: 'restart' });
    // "airpods" in the opening answers which make to reset, as "iphone" answered the device.
    const reset = await user.say('Still not working');
    expect(texts(reset)).toMatch(/Going by what you told me: AirPods\./);
    expect(texts(reset)).toMatch(/flashes amber, then white/);
    expect(texts(await user.say('Still not working'))).toMatch(/A technician can check them and your warranty/);
  });

  // "laptop" says neither Windows nor Mac, so the device is asked.
  it('on a Windows laptop, asks which device and sends the sound to the headphones when it plays from the computer', async () => {
    const user = bot.conversation();
    await user.say('bluetooth headphones wont connect to my laptop');
    const asked = await user.say('Still not working');
    expect(texts(asked)).toMatch(/Which device are you connecting them to\?/);
    expect(data(lastOf(await user.say('Windows PC'))).step).toMatchObject({ stepId: 'windows-bluetooth' });
    expect(texts(await user.say('Still not working'))).toMatch(/Remove device/);
    const output = await user.say('They connect but the sound plays from the computer');
    expect(texts(output)).toMatch(/pick the headphones/);
    expect(data(lastOf(output)).step).toMatchObject({ stepId: 'windows-output' });
    expect(texts(await user.say('That worked'))).toMatch(/Good, they're working/);
  });

  it('headphones of another make are asked which make, and get the reset for theirs', async () => {
    const user = bot.conversation();
    await user.say('my headphones wont connect to my phone');
    await user.say('Still not working');
    await user.say('Android phone or tablet');
    for (let i = 0; i < 3; i++) await user.say('Still not working');
    const asked = await user.say('Still not working');
    expect(texts(asked)).toMatch(/Are they AirPods, or another make\?/);
    expect(texts(await user.say('theyre sony'))).toMatch(/hold the power button \(or power and volume together\)/);
  });

  it('"only one airpod works" goes to the one-earbud steps: the case, the mesh, the balance', async () => {
    const user = bot.conversation();
    const opened = await user.say('only one airpod works');
    expect(texts(opened)).toMatch(/Going by what you told me: Only one earbud works\./);
    expect(data(lastOf(opened)).step).toMatchObject({ flow: 'headphones-bluetooth', stepId: 'one-side-case' });
    expect(texts(await user.say('Still only one works'))).toMatch(/speaker mesh/);
    const balance = await user.say('Still only one works');
    expect(texts(balance)).toMatch(/Balance/);
    expect(texts(await user.say('That worked'))).toMatch(/Good, they're working/);
  });

  it('"no sound in my earbuds" asks which device they are connected to, then where the sound goes', async () => {
    const user = bot.conversation();
    const opened = await user.say('no sound in my earbuds');
    expect(texts(opened)).toMatch(/Which device are they connected to\?/);
    const output = await user.say('Mac');
    expect(data(lastOf(output)).step).toMatchObject({ stepId: 'mac-output' });
    expect(texts(output)).toMatch(/under\s+\*\*Output\*\* pick the headphones/);
  });
});
