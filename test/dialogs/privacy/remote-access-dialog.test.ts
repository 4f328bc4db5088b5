import fs from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../../../src/paths';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import { createHarness, hl, noticeIds, testClock, texts } from './harness';
import { removeTempDirs, tempDir } from '../../support/temp-dir';

/** content/notices with a later remote_access notice that says what changed. */
function bumpedRemoteAccessNotice(): string {
  const dir = tempDir('helpline-notices-');
  for (const name of fs.readdirSync(fromRoot('content/notices'))) {
    let text = fs.readFileSync(fromRoot('content/notices', name), 'utf8');
    if (name === 'remote_access.yaml') {
      text = text
        .replace('"2026-11-01"', '"2027-01-15"')
        .replace('changes: []', 'changes:\n  - version: "2027-01-15"\n    summary: Sessions may now be recorded on video for quality checks.');
    }
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('RemoteAccessDialog (P6)', () => {
  it('states the scope after the notice, asks for an explicit yes, and records it with the notice version', async () => {
    const { conversation, privacy } = createHarness();
    const chat = conversation();
    const ask = await chat.say('can you remote into my laptop');
    expect(noticeIds(ask)).toContain('remote_access');
    const prompt = ask[ask.length - 1];
    expect(hl(prompt).expects).toBe('confirm');
    expect(ask.findIndex((r) => hl(r).notice?.id === 'remote_access')).toBe(ask.length - 2);
    expect(prompt.text).toMatch(/only on the issue you reported/);
    expect(prompt.text).toMatch(/stay at your device/);
    expect(prompt.text).toMatch(/stop the remote session/);
    expect(await privacy.remoteAccess.hasRemoteAccessConsent(chat.userId)).toBe(false);

    const yes = await chat.say('yes');
    expect(texts(yes).join(' ')).toMatch(/stay at your device/);
    expect(await privacy.remoteAccess.hasRemoteAccessConsent(chat.userId)).toBe(true);
    expect((await privacy.consents.current(chat.userId)).remote_access).toMatchObject({
      granted: true,
      noticeVersion: '2026-11-01',
      conversationId: 'conv-1',
      channel: 'test',
      source: 'remote access dialog',
    });
  });

  it.each(['sure go ahead', 'yes, you can', 'Yeah sure!', 'ok, yes I agree', 'of course'])('takes "%s" as the yes it is', async (answer) => {
    const { conversation, privacy } = createHarness();
    const chat = conversation();
    await chat.say('remote help please');
    expect(texts(await chat.say(answer)).join(' ')).toMatch(/recorded your consent/);
    expect(await privacy.remoteAccess.hasRemoteAccessConsent(chat.userId)).toBe(true);
  });

  it.each(['maybe', 'yes but only the printer settings', 'what would they see?', 'no', 'sure, but not my files', 'you can not'])('takes "%s" as a no', async (answer) => {
    const { conversation, privacy } = createHarness();
    const chat = conversation();
    await chat.say('remote help please');
    const reply = await chat.say(answer);
    expect(texts(reply).join(' ')).toMatch(/no remote access/i);
    expect(await privacy.remoteAccess.hasRemoteAccessConsent(chat.userId)).toBe(false);
    expect((await privacy.consents.current(chat.userId)).remote_access?.granted).toBe(false);
  });

  it.each(['ok', 'okay'])('asks "%s" alone again, as a yes or a no, and records nothing until the answer', async (ok) => {
    const { conversation, privacy } = createHarness();
    const chat = conversation();
    await chat.say('remote help please');
    const again = await chat.say(ok);
    expect(texts(again)).toEqual(['Sorry, is that a yes or a no? Do you agree to remote access?']);
    expect(hl(again[0]).expects).toBe('confirm');
    expect((await privacy.consents.current(chat.userId)).remote_access).toBeUndefined();
    expect(texts(await chat.say('ok, I agree')).join(' ')).toMatch(/recorded your consent/);
    expect(await privacy.remoteAccess.hasRemoteAccessConsent(chat.userId)).toBe(true);
  });

  it('withdraws at once on "stop the remote session" and confirms it', async () => {
    const { conversation, privacy } = createHarness();
    const chat = conversation();
    await chat.say('remote access please');
    await chat.say('Yes, I agree');
    const stop = await chat.say('stop the remote session');
    expect(texts(stop).filter((t) => /Remote access is now off/.test(t))).toHaveLength(1);
    expect(await privacy.remoteAccess.hasRemoteAccessConsent(chat.userId)).toBe(false);
    const history = await privacy.consents.history(chat.userId);
    expect(history.map((h) => [h.granted, h.source])).toEqual([
      [true, 'remote access dialog'],
      [false, 'revocation'],
    ]);
  });

  // With a technician on the device people don't say "remote": "disconnect him" must end it as surely.
  it.each(['end the session', 'disconnect him!', 'stop moving my mouse', 'I withdraw my consent'])('withdraws a standing yes on "%s" too', async (text) => {
    const { conversation, privacy } = createHarness();
    const chat = conversation();
    await chat.say('remote access please');
    await chat.say('yes');
    const stop = await chat.say(text);
    expect(texts(stop).filter((t) => /Remote access is now off/.test(t))).toHaveLength(1);
    expect(await privacy.remoteAccess.hasRemoteAccessConsent(chat.userId)).toBe(false);
    expect((await privacy.consents.history(chat.userId)).map((h) => [h.granted, h.source])).toEqual([
      [true, 'remote access dialog'],
      [false, 'revocation'],
    ]);
  });

  it('without a yes standing, "disconnect" is about something else: nothing is recorded or said about remote access', async () => {
    const { conversation, privacy } = createHarness();
    const chat = conversation();
    const reply = await chat.say('disconnect');
    expect(texts(reply).join(' ')).not.toMatch(/remote access/i);
    expect(await privacy.consents.history(chat.userId)).toEqual([]);
  });

  it('withdraws even in the middle of another question, which then carries on', async () => {
    const { conversation, privacy } = createHarness({
      host: (p) => ({ dialog: p.dialogs.contactInfo, options: () => ({ fields: ['email'], purpose: 'send you the repair quote' }) }),
    });
    const chat = conversation();
    await chat.say('remote access please');
    await chat.say('yes');
    const prompt = await chat.say('start');
    expect(hl(prompt[prompt.length - 1]).expects).toBe('email');
    const stop = await chat.say('revoke remote access');
    expect(texts(stop).filter((t) => /Remote access is now off/.test(t))).toHaveLength(1);
    expect(hl(stop[stop.length - 1]).expects).toBe('email');
    expect(await privacy.remoteAccess.hasRemoteAccessConsent(chat.userId)).toBe(false);
    expect(texts(await chat.say('ana@example.com')).join(' ')).toMatch(/RESULT \{"email":"ana@example.com"\}/);
  });

  it('says so when there is nothing to withdraw, and records nothing', async () => {
    const { conversation, privacy } = createHarness();
    const chat = conversation();
    const reply = await chat.say('revoke remote access');
    expect(texts(reply).join(' ')).toMatch(/no remote access to stop/);
    expect(await privacy.consents.history(chat.userId)).toEqual([]);
  });

  it('tells a returning user what changed in a new notice version and asks again: the old yes no longer counts (P14)', async () => {
    const clock = testClock();
    const store = new SqliteStore({ dataDir: ':memory:', now: clock.now });
    const before = createHarness({ store, clock });
    const first = before.conversation('conv-1');
    await first.say('remote access please');
    await first.say('yes');
    expect(await before.privacy.remoteAccess.hasRemoteAccessConsent(first.userId)).toBe(true);

    clock.advance(3600_000);
    const after = createHarness({ store, clock, noticesDir: bumpedRemoteAccessNotice() });
    expect(await after.privacy.remoteAccess.hasRemoteAccessConsent(first.userId)).toBe(false);
    const chat = after.conversation('conv-2');
    const ask = await chat.say('can a tech remote into my laptop');
    const notice = ask.find((r) => hl(r).notice?.id === 'remote_access');
    expect(hl(notice).notice?.version).toBe('2027-01-15');
    expect(notice?.text).toMatch(/since you last saw this notice \(2026-11-01\)/);
    expect(notice?.text).toContain('Sessions may now be recorded on video for quality checks.');
    expect(notice?.text).toMatch(/based on your consent, so it is your choice again/);
    expect(hl(ask[ask.length - 1]).expects).toBe('confirm');
    await chat.say('yes');
    expect((await after.privacy.consents.current(chat.userId)).remote_access?.noticeVersion).toBe('2027-01-15');
    expect(await after.privacy.remoteAccess.hasRemoteAccessConsent(chat.userId)).toBe(true);
  });

  it('continues with the dialog the handoff feature connected after a yes, and not after a no', async () => {
    const h = createHarness({
      host: (p) => ({ dialog: p.dialogs.contactInfo, options: () => ({ fields: ['phone'], purpose: 'so a technician can call you back' }) }),
    });
    h.privacy.connectHandoff({ continueWith: 'host' });
    const chat = h.conversation();
    await chat.say('remote access please');
    const yes = await chat.say('yes');
    expect(hl(yes[yes.length - 1]).expects).toBe('phone');
    const other = h.conversation('conv-2');
    await other.say('remote access please');
    const no = await other.say('no');
    expect(no.some((r) => hl(r).expects)).toBe(false);
  });
});

afterAll(removeTempDirs);
