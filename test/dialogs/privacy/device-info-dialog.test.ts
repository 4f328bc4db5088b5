import type { Activity } from 'botbuilder';
import { NOTICE_CATEGORY_OF } from '../../../src/dialogs/wire';
import fs from 'node:fs';
import path from 'node:path';
import type { PrivacyFeature } from '../../../src/dialogs/privacy/privacy-feature';
import { fromRoot } from '../../../src/paths';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import { removeTempDirs, tempDir } from '../../support/temp-dir';
import { createHarness, hl, noticeIds, testClock, texts } from './harness';

type Fields = ('model' | 'purchase_date' | 'serial' | 'os_version' | 'diagnostics')[];

function deviceHarness(fields: Fields, optional: Fields = [], purpose = 'fix your printer') {
  return createHarness({ host: (privacy) => ({ dialog: privacy.dialogs.deviceInfo, options: () => ({ fields, optional, purpose }) }) });
}
const result = (replies: Partial<Activity>[]) => {
  const line = texts(replies).find((t) => t.startsWith('RESULT '));
  return line ? JSON.parse(line.slice(7)) : undefined;
};

const LOG = [
  'Windows 11 Pro 23H2 build 22631.4460',
  'Error 0x80070005 while installing KB5031455',
  'Proxy: http://tracker.example.net/visit?id=99',
  'Last sync account: ana.lopez@example.com',
  'password=Hunter2Secret!',
].join('\n');

describe('DeviceInfoDialog', () => {
  it('shows the device notice before the first device question and not again in that conversation', async () => {
    const { conversation, config } = deviceHarness(['model', 'purchase_date', 'serial']);
    const chat = conversation();
    const first = await chat.say('start');
    const noticeAt = first.findIndex((r) => hl(r).notice?.id === 'device');
    expect(noticeAt).toBeGreaterThanOrEqual(0);
    expect(NOTICE_CATEGORY_OF[hl(first[noticeAt + 1]).expects ?? 'text']).toBe('device');
    expect(hl(first[noticeAt]).notice).toMatchObject({ id: 'device', retentionDays: config.policy.retentionDays.device, required: false });
    expect(hl(first[noticeAt + 1]).expects).toBe('device_model');
    const second = await chat.say('HP LaserJet M110w');
    expect(noticeIds(second)).toEqual([]);
    expect(hl(second[0]).expects).toBe('purchase_date');
  });

  it('reads "last March" (the recognizer\'s reading: March of last year), refuses a future date, and stores the device', async () => {
    const { conversation, privacy } = deviceHarness(['model', 'purchase_date', 'serial'], ['serial']);
    const chat = conversation();
    await chat.say('start');
    await chat.say('HP LaserJet M110w');
    const future = await chat.say('next month');
    expect(hl(future[0]).expects).toBe('purchase_date');
    expect(future[0].text).toMatch(/in the future/);
    const serialPrompt = await chat.say('last March');
    expect(hl(serialPrompt[0]).expects).toBe('serial');
    const done = await chat.say("I don't know");
    expect(result(done)).toMatchObject({ model: 'HP LaserJet M110w', purchaseDate: '2025-03' });
    const [device] = await privacy.profiles.listDevices(chat.userId);
    expect(device).toMatchObject({ model: 'HP LaserJet M110w', purchaseDate: '2025-03', source: 'device dialog', conversationId: 'conv-1' });
    expect(device.serial).toBeUndefined();
  });

  // "idk" was kept as the model ("Thanks, I've noted those device details").
  it.each(['idk', 'no clue', "i'm not sure"])('%j at the optional model question skips it: nothing is kept', async (typed) => {
    const { conversation, privacy } = deviceHarness(['model'], ['model']);
    const chat = conversation();
    await chat.say('start');
    const done = await chat.say(typed);
    expect(result(done)).toEqual({});
    expect(texts(done).join(' ')).not.toMatch(/noted those device details/);
    expect(await privacy.profiles.listDevices(chat.userId)).toEqual([]);
  });

  // It said "I need your device make and model." with nothing to go by.
  it('"what?" at the model question is asked again with an example', async () => {
    const { conversation } = deviceHarness(['model'], ['model']);
    const chat = conversation();
    await chat.say('start');
    const [again] = await chat.say('what?');
    expect(again.text).toMatch(/^I need your device make and model, like "iPhone 13" or "HP DeskJet 2755e"\. What make and model is the device\?/);
    expect(hl(again).expects).toBe('device_model');
  });

  // The whole sentence was kept as the model.
  it('the problem told again at the model question is not kept as the model: the question says what it wants', async () => {
    const { conversation, privacy } = deviceHarness(['model'], ['model']);
    const chat = conversation();
    await chat.say('start');
    const [again] = await chat.say('it just stopped charging yesterday when i plugged it in');
    expect(again.text).toMatch(/^That sounds like what's wrong with it.*only need the make and model, like "iPhone 13"/);
    expect(hl(again).expects).toBe('device_model');
    expect(result(await chat.say('Galaxy S21'))).toMatchObject({ model: 'Galaxy S21' });
    expect((await privacy.profiles.listDevices(chat.userId)).map((d) => d.model)).toEqual(['Galaxy S21']);
  });

  // "charging" at the phone-charge guide's model question was noted as the device's model.
  it.each(['charging', 'not charging', 'wont charge', 'its slow', 'offline', 'no sound', 'still not working'])(
    '%j at the model question is the problem, not a model: asked again with an example',
    async (typed) => {
      const { conversation, privacy } = deviceHarness(['model'], ['model']);
      const chat = conversation();
      await chat.say('start');
      const [again] = await chat.say(typed);
      expect(again.text).toMatch(/^That sounds like what's wrong with it.*only need the make and model, like "iPhone 13"/);
      expect(hl(again).expects).toBe('device_model');
      expect(await privacy.profiles.listDevices(chat.userId)).toEqual([]);
    },
  );

  it.each(['Pixel 7', 'Echo Dot', 'Surface Pro', 'Sound Blaster', 'iPhone', 'Galaxy S21'])('%j at the model question is kept as the model', async (typed) => {
    const { conversation } = deviceHarness(['model'], ['model']);
    const chat = conversation();
    await chat.say('start');
    expect(result(await chat.say(typed))).toMatchObject({ model: typed });
  });

  it('"where do i find that" at the model question says where the model is written on the kind of device asked about', async () => {
    const printer = createHarness({ host: (privacy) => ({ dialog: privacy.dialogs.deviceInfo, options: () => ({ fields: ['model'], purpose: 'fix your printer', device: 'printer' }) }) });
    const chat = printer.conversation();
    await chat.say('start');
    const told = await chat.say('where do i find that');
    expect(texts(told)).toEqual(["It's printed on the front or top of the printer, near the buttons, and on a label on the back or inside the lid. What make and model is the device?"]);
    const unknown = deviceHarness(['model']).conversation();
    await unknown.say('start');
    expect(texts(await unknown.say('how do i find that'))[0]).toMatch(/^It's usually on a label on the back or bottom of the device/);
  });

  it('asks for the OS version as plain text', async () => {
    const { conversation } = deviceHarness(['os_version']);
    const replies = await conversation().say('start');
    expect(hl(replies.find((r) => hl(r).expects) ).expects).toBe('text');
  });

  // "it says 0x80070002" was kept as the OS version, and "yeah ran it, still fails" would have been too.
  it.each(['yeah ran it, still fails'])('%j at the OS question is not kept: asked again saying what is wanted', async (typed) => {
    const { conversation, privacy } = deviceHarness(['os_version'], ['os_version']);
    const chat = conversation();
    await chat.say('start');
    const [again] = await chat.say(typed);
    expect(again.text).toMatch(/like "Windows 11 23H2" or "iOS 18\.1"\. Which operating system and version/);
    expect(texts([again]).join(' ')).not.toMatch(/noted those device details/);
    expect(result(await chat.say('Windows 11 23H2'))).toMatchObject({ osVersion: 'Windows 11 23H2' });
    expect((await privacy.profiles.listDevices(chat.userId)).map((d) => d.osVersion)).toEqual(['Windows 11 23H2']);
  });

  // "2" (the user meant an earlier list's option) was kept as the OS version "2".
  it('a bare number at the OS question is asked again, saying a number alone is no system', async () => {
    const { conversation, privacy } = deviceHarness(['os_version'], ['os_version']);
    const chat = conversation();
    await chat.say('start');
    const [again] = await chat.say('2');
    expect(again.text).toMatch(/^A number alone doesn't say which system it is\. Which operating system and version/);
    expect(result(await chat.say('iOS 18'))).toMatchObject({ osVersion: 'iOS 18' });
    expect((await privacy.profiles.listDevices(chat.userId)).map((d) => d.osVersion)).toEqual(['iOS 18']);
  });

  it('a bare number at the OS question of a step that names the system is that system\'s version', async () => {
    const purpose = 'Your Windows version helps us match known update problems. You can see it in **Settings > System > About**.';
    const { conversation } = deviceHarness(['os_version'], ['os_version'], purpose);
    const chat = conversation();
    await chat.say('start');
    expect(result(await chat.say('10'))).toMatchObject({ osVersion: 'Windows 10' });
  });

  // The code was refused and lost: only the version was kept, and the technician never saw the error.
  it('an error code at the OS question is kept as the error detail after its notice, and the OS question asked again', async () => {
    const { conversation, privacy } = deviceHarness(['os_version'], ['os_version']);
    const chat = conversation();
    await chat.say('start');
    const again = await chat.say('it says 0x80070002');
    expect(texts(again)[0]).toMatch(/^That looks like an error code, not the system version; I'll note it with the error details\./);
    expect(hl(again.at(-1)!).expects).toBe('text');
    expect(again.at(-1)!.text).toMatch(/Which operating system and version/);
    const asked = await chat.say('Windows 11 23H2');
    expect(noticeIds(asked)).toEqual(['diagnostics']);
    expect(asked.at(-1)!.text).toBe('Shall I use 0x80070002? Please say yes or no.');
    expect(result(await chat.say('yes'))).toMatchObject({ osVersion: 'Windows 11 23H2', diagnostics: '0x80070002' });
    const [device] = await privacy.profiles.listDevices(chat.userId);
    expect(device).toMatchObject({ osVersion: 'Windows 11 23H2', diagnostics: '0x80070002' });
    expect((await privacy.consents.current(chat.userId)).diagnostics).toMatchObject({ granted: true });
  });

  it('an error code at the OS question is not kept when the user says no to keeping it', async () => {
    const { conversation, privacy } = deviceHarness(['os_version'], ['os_version']);
    const chat = conversation();
    await chat.say('start');
    await chat.say('0x800f0922');
    await chat.say('Windows 10');
    await chat.say('no');
    expect(result(await chat.say('skip'))).toEqual({ osVersion: 'Windows 10', deviceId: expect.any(String) });
    expect((await privacy.profiles.listDevices(chat.userId)).map((d) => d.diagnostics)).toEqual([undefined]);
  });

  // The whole sentence was kept as the OS version.
  it('"Windows 11 but it still fails" keeps "Windows 11" as the OS version, and asks nothing more', async () => {
    const { conversation, privacy } = deviceHarness(['os_version'], ['os_version']);
    const chat = conversation();
    await chat.say('start');
    const done = await chat.say('Windows 11 but it still fails');
    expect(result(done)).toEqual({ osVersion: 'Windows 11', deviceId: expect.any(String) });
    expect(noticeIds(done)).toEqual([]);
    expect((await privacy.profiles.listDevices(chat.userId)).map((d) => d.osVersion)).toEqual(['Windows 11']);
  });

  it('"Windows 11, it fails with 0x80070005" keeps "Windows 11" as the OS version and offers the code as the error detail', async () => {
    const { conversation } = deviceHarness(['os_version'], ['os_version']);
    const chat = conversation();
    await chat.say('start');
    const asked = await chat.say('Windows 11, it fails with 0x80070005');
    expect(asked.at(-1)!.text).toBe('Shall I use 0x80070005? Please say yes or no.');
    expect(result(await chat.say('yes'))).toMatchObject({ osVersion: 'Windows 11', diagnostics: '0x80070005' });
  });

  // "i tried another cable" was told it "doesn't look like a make or model".
  it('a try told at the model question is thanked for, and the model asked again', async () => {
    const { conversation, privacy } = deviceHarness(['model'], ['model'], 'Knowing your phone or tablet model tells us its charging port and the right charger.');
    const chat = conversation();
    await chat.say('start');
    const [again] = await chat.say('i tried another cable');
    expect(again.text).toMatch(/^Thanks for telling me you've tried another cable\. Here I only need the make and model, like "iPhone 13".* What make and model is the device\?/);
    expect(result(await chat.say('iPhone 13'))).toMatchObject({ model: 'iPhone 13' });
    expect((await privacy.profiles.listDevices(chat.userId)).map((d) => d.model)).toEqual(['iPhone 13']);
  });

  // "i dont have another cable" was kept as the model.
  it('a sentence about something else at the model question is not kept as the model', async () => {
    const { conversation, privacy } = deviceHarness(['model'], ['model']);
    const chat = conversation();
    await chat.say('start');
    const [again] = await chat.say('i dont have another cable');
    expect(again.text).toMatch(/doesn't look like a make or model.*What make and model is the device\?/);
    expect(await privacy.profiles.listDevices(chat.userId)).toEqual([]);
  });

  it.each([
    ['os_version', 'not sure which version'],
    ['os_version', 'i dont know the version'],
    ['os_version', 'not sure'],
    ['model', 'not sure which model it is'],
    // These were kept as the version or the model, or refused as one: the billing questions knew them.
    ['os_version', 'dunno which version'],
    ['model', 'no clue what model'],
    ['model', "can't remember the model"],
  ] as const)('at the optional %s question %j skips it: nothing is kept', async (field, typed) => {
    const { conversation, privacy } = deviceHarness([field], [field]);
    const chat = conversation();
    await chat.say('start');
    const done = await chat.say(typed);
    expect(result(done)).toEqual({});
    expect(await privacy.profiles.listDevices(chat.userId)).toEqual([]);
  });

  it('sanitizes a pasted log before keeping it, says what was stripped, and records the consent', async () => {
    const { conversation, privacy } = deviceHarness(['diagnostics']);
    const chat = conversation();
    const first = await chat.say('start');
    const ids = noticeIds(first);
    expect(ids.indexOf('device')).toBeLessThan(ids.indexOf('diagnostics'));
    expect(hl(first.find((r) => hl(r).expects)).expects).toBe('diagnostics');
    const done = await chat.say(LOG);
    // The password never even reached the dialog: the redaction middleware removed it and said so.
    expect(hl(done[0]).redacted).toEqual(['password']);
    const told = texts(done).find((t) => t.startsWith('Before keeping your log I removed'));
    expect(told).toMatch(/web address|browsing history/);
    expect(told).toMatch(/email address/);
    const [device] = await privacy.profiles.listDevices(chat.userId);
    expect(device.diagnostics).toContain('0x80070005');
    expect(device.diagnostics).not.toContain('tracker.example.net');
    expect(device.diagnostics).not.toContain('ana.lopez@example.com');
    expect(device.diagnostics).not.toContain('Hunter2Secret');
    expect((await privacy.consents.current(chat.userId)).diagnostics).toMatchObject({ granted: true, noticeVersion: '2026-11-01' });
  });
});

/** A copy of content/notices with the diagnostics notice at a later version and what changed. */
function bumpedDiagnosticsNotice(): string {
  const dir = tempDir('helpline-notices-');
  for (const name of fs.readdirSync(fromRoot('content/notices'))) {
    let text = fs.readFileSync(fromRoot('content/notices', name), 'utf8');
    if (name === 'diagnostics.yaml') {
      text = text.replace('"2026-11-01"', '"2027-02-01"').replace('changes: []', 'changes:\n  - version: "2027-02-01"\n    summary: We now keep logs for a year.');
    }
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('a changed diagnostics notice (P14)', () => {
  afterAll(removeTempDirs);

  // The version waited for an answer no question asks (pasting a log is the choice, each time): every later chat told the change again.
  it('tells a returning user what changed once: a later chat without a log pasted shows the notice without it', async () => {
    const clock = testClock();
    const store = new SqliteStore({ dataDir: ':memory:', now: clock.now });
    const host = (privacy: PrivacyFeature) => ({ dialog: privacy.dialogs.deviceInfo, options: () => ({ fields: ['diagnostics'], optional: ['diagnostics'], purpose: 'fix your printer' }) });
    const before = createHarness({ store, clock, host }).conversation('conv-1');
    await before.say('start');
    await before.say(LOG);
    clock.advance(86_400_000);
    const after = createHarness({ store, clock, host, noticesDir: bumpedDiagnosticsNotice() });
    const diagnosticsNotice = (replies: Partial<Activity>[]) => replies.find((r) => hl(r).notice?.id === 'diagnostics')?.text ?? '';
    const changed = after.conversation('conv-2');
    expect(diagnosticsNotice(await changed.say('start'))).toContain('What changed: We now keep logs for a year.');
    await changed.say('skip');
    const later = diagnosticsNotice(await after.conversation('conv-3').say('start'));
    expect(later).toContain('If you paste an error log');
    expect(later).not.toContain('What changed');
  });
});
