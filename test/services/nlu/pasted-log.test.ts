import { readFileSync } from 'node:fs';
import { pastedLogIn } from '../../../src/services/nlu/pasted-log';
import { Router } from '../../../src/services/nlu/router';

// A pasted Windows crash report, about 2,000 characters, with "network" in one line of it.
const CRASH_LOG = readFileSync('test/fixtures/logs/windows-app-crash.txt', 'utf8');

describe('a pasted error log', () => {
  it('is read for what it names: a crash on a Windows PC', () => {
    expect(pastedLogIn(CRASH_LOG)).toEqual({ said: '', reads: 'my computer keeps crashing' });
  });

  // "something is wrong with my computer" was offered the Mac's guide too.
  it('is read as a Windows PC\'s trouble when it names no crash', () => {
    expect(pastedLogIn(readFileSync('test/fixtures/logs/windows-dcom-warning.txt', 'utf8'))).toEqual({ said: '', reads: 'something is wrong with my windows pc' });
  });

  it('keeps the words the user typed before it', () => {
    expect(pastedLogIn(`my pc keeps crashing, here is the error: ${CRASH_LOG}`)?.said).toBe('my pc keeps crashing, here is the error:');
  });

  it.each([
    'i get error 0x80070005 when updating windows',
    'my laptop has been really slow since the update and the fan is loud, it takes ages to open chrome.exe or outlook and sometimes the whole screen freezes for a minute before it comes back, which never happened before',
  ])('is not a message that quotes a code or names a program: %j', (text) => {
    expect(pastedLogIn(text)).toBeUndefined();
  });

  // The model read it as out of scope (its unknown words), or by a word it shares with a guide ("network").
  it('is read by the router as the computer problem it names, not the network', async () => {
    const router = await Router.load('content/nlu');
    expect(router.classify(CRASH_LOG)).toMatchObject({ intent: 'troubleshoot', device: 'computer', text: 'my computer keeps crashing' });
    expect(router.classify(`my pc keeps crashing, here is the error: ${CRASH_LOG}`)).toMatchObject({ intent: 'troubleshoot', device: 'computer', text: 'my pc keeps crashing, here is the error:' });
  });
});
