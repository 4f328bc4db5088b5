import fs from 'node:fs';
import path from 'node:path';
import type { PrivacyFeature } from '../../../src/dialogs/privacy/privacy-feature';
import { fromRoot } from '../../../src/paths';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import { createHarness, hl, testClock, texts } from './harness';
import { removeTempDirs, tempDir } from '../../support/temp-dir';

/** A copy of content/notices with the recording notice at a later version and what changed. */
function bumpedNotices(): string {
  const dir = tempDir('helpline-notices-');
  for (const name of fs.readdirSync(fromRoot('content/notices'))) {
    let text = fs.readFileSync(fromRoot('content/notices', name), 'utf8');
    if (name === 'recording.yaml') {
      text = text
        .replace('"2026-11-01"', '"2027-02-01"')
        .replace('changes: []', 'changes:\n  - version: "2027-02-01"\n    summary: We now also use chat transcripts to train our support staff.');
    }
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A user who saw the recording notice in an earlier chat, back after it changed; "start" asks for their email. */
async function returningUser() {
  const clock = testClock();
  const store = new SqliteStore({ dataDir: ':memory:', now: clock.now });
  const host = (privacy: PrivacyFeature) => ({ dialog: privacy.dialogs.contactInfo, options: () => ({ fields: ['email'], purpose: 'send you the repair quote' }) });
  const before = createHarness({ store, clock, host });
  await before.conversation('conv-1').say('start');
  clock.advance(86_400_000);
  return createHarness({ store, clock, host, noticesDir: bumpedNotices() });
}

afterAll(removeTempDirs);

describe('a changed recording notice (P14)', () => {
  it('asks a returning user to agree, keeps no transcript until they answer, and takes "no i dont agree to that" as a no: recorded, and the question asked again', async () => {
    const { conversation, privacy } = await returningUser();
    const chat = conversation('conv-2');
    const first = await chat.say('start');
    expect(first.find((r) => hl(r).notice?.id === 'recording')?.text).toContain('What changed: We now also use chat transcripts to train our support staff.');
    const question = first.find((r) => /Do you agree to the updated chat recording notice\?/.test(r.text ?? ''));
    expect(question?.text).toContain('Please say "I agree" or "I don\'t agree".');

    const answer = await chat.say('no i dont agree to that');
    expect(texts(answer)[0]).toMatch(/noted that you don't agree/);
    // The question the notice interrupted, asked again.
    expect(hl(answer[answer.length - 1]).expects).toBe('email');
    await chat.say('jo@example.com');

    const decision = (await privacy.consents.current(chat.userId)).transcript_recording;
    expect(decision).toMatchObject({ granted: false, noticeVersion: '2027-02-01', conversationId: 'conv-2', source: 'recording notice' });
    expect(await privacy.transcripts.list('conv-2')).toEqual([]);
    expect((await privacy.notices.seenBy(chat.userId)).recording?.version).toBe('2027-02-01');
  });

  it('records the chat from the "I agree" on, with the yes kept for the new version', async () => {
    const { conversation, privacy } = await returningUser();
    const chat = conversation('conv-2');
    await chat.say('start');
    expect(await privacy.transcripts.list('conv-2')).toEqual([]);
    const answer = await chat.say('I agree');
    expect(texts(answer)[0]).toMatch(/noted that you agree/);
    expect(hl(answer[answer.length - 1]).expects).toBe('email');
    expect((await privacy.consents.current(chat.userId)).transcript_recording).toMatchObject({ granted: true, noticeVersion: '2027-02-01' });
    expect((await privacy.transcripts.list('conv-2')).map((e) => e.text)).toContain("What's your email address?");
    // The answer to the notice's question, kept as typed: it was stored "[EMAIL]", masked as an answer to the email question.
    await chat.say('jo@example.com');
    expect((await privacy.transcripts.list('conv-2')).filter((e) => e.from === 'user').map((e) => e.text)).toEqual(['I agree', '[EMAIL]']);
  });

  it('keeps an address or number typed with the answer masked, as at any email question', async () => {
    const { conversation, privacy } = await returningUser();
    const chat = conversation('conv-2');
    await chat.say('start');
    await chat.say('I agree');
    // Words the email question reads as an address, which redaction does not find: masked whole all the same.
    await chat.say('jo at example dot com');
    expect((await privacy.transcripts.list('conv-2')).filter((e) => e.from === 'user').map((e) => e.text)).toEqual(['I agree', '[EMAIL]']);
  });

  it('leaves the new version unaccepted when the chat ends without an answer: the next chat asks again', async () => {
    const { conversation } = await returningUser();
    await conversation('conv-2').say('start');
    const next = await conversation('conv-3').say('start');
    expect(next.find((r) => hl(r).notice?.id === 'recording')?.text).toContain('What changed');
    expect(texts(next)).toContainEqual(expect.stringMatching(/Do you agree to the updated chat recording notice\?/));
  });

  // It came last with "I agree" / "I don't agree" buttons, below the reply's own question: a "1" or
  // a "2" meant for that question picked a consent, and a bare "no" right after it was a no.
  it('is asked on its own, before the reply, with no buttons: the reply\'s question stays the last one, with its own', async () => {
    const { conversation } = await returningUser();
    const first = await conversation('conv-2').say('start');
    const asked = first.findIndex((r) => /Do you agree to the updated chat recording notice\?/.test(r.text ?? ''));
    expect(asked).toBeGreaterThan(first.findIndex((r) => hl(r).notice?.id === 'recording'));
    expect(asked).toBeLessThan(first.length - 1);
    expect(first[asked].suggestedActions).toBeUndefined();
    expect(hl(first[first.length - 1]).expects).toBe('email');
  });

  it.each(['no', 'yes', '1', 'sure, now what about my printer'])(
    'takes %j for nothing but a clear agree or not: no consent is recorded, and "I agree" later still is one',
    async (text) => {
      const { conversation, privacy } = await returningUser();
      const chat = conversation('conv-2');
      await chat.say('start');
      const replies = await chat.say(text);
      expect(texts(replies).join(' ')).not.toMatch(/noted that you (?:don't )?agree/);
      expect((await privacy.consents.current(chat.userId)).transcript_recording?.conversationId).not.toBe('conv-2');
      expect(await privacy.transcripts.list('conv-2')).toEqual([]);
      const later = await chat.say('i agree');
      expect(texts(later)[0]).toMatch(/noted that you agree/);
      expect((await privacy.consents.current(chat.userId)).transcript_recording).toMatchObject({ granted: true, noticeVersion: '2027-02-01', conversationId: 'conv-2' });
    },
  );

  it('"i refuse to restart it again" declines nothing: only a whole answer does', async () => {
    const { conversation, privacy } = await returningUser();
    const chat = conversation('conv-2');
    await chat.say('start');
    await chat.say('i refuse to restart it again');
    expect((await privacy.consents.current(chat.userId)).transcript_recording?.conversationId).not.toBe('conv-2');
  });
});
