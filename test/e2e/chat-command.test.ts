import { PassThrough, Readable } from 'node:stream';
import { chat } from '../../src/cli/chat';
import { loadConfig } from '../../src/config';
import { removeTempDirs, tempDir } from '../support/temp-dir';

describe('helpline chat', () => {
  it('shows a one-time code mailed in local mode in the terminal, marked as not sent, so the person there can verify', async () => {
    const dataDir = tempDir('helpline-chat-');
    const config = loadConfig({ HELPLINE_DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent', HELPLINE_RATE_LIMIT: '0', SMTP_URL: '' });
    const lines = ['stop emailing me', 'cli.person@example.com', 'what do you have on me', 'cli.person@example.com'];
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk) => (shown += String(chunk)));
    await chat(config, Readable.from(lines.map((l) => `${l}\n`)), output);
    expect(shown).toContain('If that address is on file, a 6-digit code is on its way to it.');
    expect(shown).toContain('✉ Mail to cli.person@example.com (local mode: SMTP_URL is empty, so it was NOT sent)');
    expect(shown).toMatch(/│ Your .* verification code is \d{6}\./);
  }, 60_000);

  it('"cant hear anyone on calls" is a phone problem: nothing is turned off and no request is opened', async () => {
    const dataDir = tempDir('helpline-chat-');
    const config = loadConfig({ HELPLINE_DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent', HELPLINE_RATE_LIMIT: '0', SMTP_URL: '' });
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk) => (shown += String(chunk)));
    await chat(config, Readable.from(['cant hear anyone on calls\n']), output);
    expect(shown).not.toMatch(/turned off|PR-/);
    expect(shown).toContain('Phone calls, texts or signal not working');
  }, 60_000);
});

afterAll(removeTempDirs);
