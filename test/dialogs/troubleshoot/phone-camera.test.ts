// A phone's camera had no guide: "my phone camera is blurry" was told "I don't have a guide for that
// problem yet", and "camera shows black screen" got the guide for a phone that won't turn on.
import type { Activity } from 'botbuilder';
import { data, startTestBot, type TestBot } from '../../support/conversation';
import { openingReader } from '../../support/openings';

const texts = (replies: Partial<Activity>[]) => replies.map((r) => r.text ?? '').join('\n');
const lastOf = (replies: Partial<Activity>[]) => replies[replies.length - 1];

describe('opening messages about a phone camera', () => {
  const guidesFor = openingReader();

  it.each(['my phone camera is blurry', 'camera app wont open', 'front camera not working', 'my iphone camera is blurry'])('%j starts the phone camera guide', (text) => {
    expect(guidesFor(text)).toEqual(['phone-camera']);
  });

  // The camera's view black is no phone that won't turn on: both guides were offered to pick from.
  it.each(['camera shows black screen', 'my phone camera shows a black screen', 'selfie cam shows black screen'])('%j starts the phone camera guide', (text) => {
    expect(guidesFor(text)).toEqual(['phone-camera']);
  });

  it.each([
    ['my phone screen is black', 'phone-wont-turn-on'],
    ['my phone shows a black screen', 'phone-wont-turn-on'],
    ['zoom says no camera found', 'computer-accessory'],
  ])('%j still starts %s', (text, guide) => {
    expect(guidesFor(text)).toEqual([guide]);
  });
});

describe('the phone camera guide, through the whole bot', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  it('goes from the lens to safe mode on an Android, and a technician when it fails there too', async () => {
    const user = bot.conversation();
    const opened = await user.say('my phone camera is blurry');
    expect(texts(opened)).toMatch(/wipe the camera lenses/);
    expect(data(lastOf(opened)).step).toMatchObject({ flow: 'phone-camera', stepId: 'clean-lens' });
    expect(data(lastOf(await user.say('Still not working'))).step).toMatchObject({ stepId: 'reopen-app' });
    expect(data(lastOf(await user.say('Still not working'))).step).toMatchObject({ stepId: 'restart' });
    expect(data(lastOf(await user.say('Still not working'))).step).toMatchObject({ stepId: 'updates' });
    expect(data(lastOf(await user.say('Still not working'))).step).toMatchObject({ stepId: 'which-kind' });
    expect(data(lastOf(await user.say('Android'))).step).toMatchObject({ stepId: 'android-permission' });
    const safeMode = await user.say('Still not working');
    expect(texts(safeMode)).toMatch(/Does it work in safe mode\?/);
    expect(data(lastOf(safeMode)).step).toMatchObject({ stepId: 'safe-mode' });
    expect(texts(await user.say('No, it still fails'))).toMatch(/the camera itself may\s+need a repair/);
  });

  // The opening's answers lasted only until the first answer, so four steps in it asked "iPhone or Android?".
  it('"my samsung phone camera is blurry" is not asked which kind of phone: a Samsung is an Android', async () => {
    const user = bot.conversation();
    await user.say('my samsung phone camera is blurry');
    for (let i = 0; i < 3; i++) await user.say('Still not working');
    const next = await user.say('Still not working');
    expect(texts(next)).toMatch(/Going by what you told me: Android\./);
    expect(texts(next)).not.toMatch(/iPhone or iPad, or an Android/);
    expect(data(lastOf(next)).step).toMatchObject({ flow: 'phone-camera', stepId: 'android-permission' });
  });

  it('on an iPhone, "That worked" at the permission step ends the guide as fixed', async () => {
    const user = bot.conversation();
    await user.say('camera app wont open');
    for (let i = 0; i < 4; i++) await user.say('Still not working');
    expect(data(lastOf(await user.say('iPhone'))).step).toMatchObject({ flow: 'phone-camera', stepId: 'ios-permission' });
    expect(texts(await user.say('That worked'))).toMatch(/The camera is working again/);
  });
});
