import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// An operator who points HELPLINE_DATA_DIR somewhere that cannot hold the database gets, from
// every command that opens it and from the server, a quick error naming the folder, not a hang.
// Runs the built files (npm run build first), as `npx helpline` and `npm start` do.
const ROOT = path.resolve(__dirname, '..', '..').replace(/[\\/]dist$/, '');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const SERVER = path.join(ROOT, 'dist', 'src', 'index.js');
const isRoot = process.getuid?.() === 0;

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-datadir-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function run(entry: string, args: string[], dataDir: string, as: { uid?: number; gid?: number } = {}) {
  const result = spawnSync(process.execPath, [entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, HELPLINE_STORE: 'sqlite', HELPLINE_DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', MicrosoftAppId: '', MicrosoftAppPassword: '' },
    input: 'a-password-long-enough\n',
    encoding: 'utf8',
    timeout: 20_000,
    ...as,
  });
  return { status: result.status, signal: result.signal, stderr: result.stderr };
}

const commands: [string, string, string[]][] = [
  ['helpline purge', CLI, ['purge']],
  ['helpline chat', CLI, ['chat']],
  ['helpline privacy requests', CLI, ['privacy', 'requests']],
  ['helpline privacy erase', CLI, ['privacy', 'erase', '--user', 'u1']],
  ['helpline technicians add', CLI, ['technicians', 'add', 'sam', '--role', 'technician']],
  ['npm start (the server)', SERVER, []],
];

describe('a data folder under /proc', () => {
  it.each(commands)('%s fails at once, naming the folder', (_name, entry, args) => {
    const started = Date.now();
    const { status, signal, stderr } = run(entry, args, '/proc/helpline/data');
    expect(signal).toBeNull(); // not killed by the timeout
    expect(status).toBe(1);
    expect(stderr).toContain('the data folder /proc/helpline/data cannot hold the database');
    expect(stderr).toContain('HELPLINE_DATA_DIR');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('helpline purge with an unusable data folder', () => {
  it('says so when the data folder is a file', () => {
    const file = path.join(scratch, 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const { status, stderr } = run(CLI, ['purge'], file);
    expect(status).toBe(1);
    expect(stderr).toMatch(new RegExp(`the data folder ${file} cannot hold the database: it is a file, not a folder`));
  });

  // As root the check runs as nobody, who must be able to reach the built CLI: not in a clone inside a private
  // temporary folder (mktemp -d is 0700), where this case cannot run; CI's clone runs it.
  const ordinaryUserCanRun =
    !isRoot || spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(CLI)}, require('fs').constants.R_OK)`], { uid: 65534, gid: 65534 }).status === 0;
  (ordinaryUserCanRun ? it : it.skip)('says so when the data folder is read-only', () => {
    const readOnly = path.join(scratch, 'read-only');
    fs.chmodSync(scratch, 0o755);
    fs.mkdirSync(readOnly);
    // root writes anywhere: the check runs as an ordinary user, as an operator's service would.
    if (isRoot) fs.chownSync(readOnly, 65534, 65534);
    fs.chmodSync(readOnly, 0o500);
    const { status, stderr } = run(CLI, ['purge'], readOnly, isRoot ? { uid: 65534, gid: 65534 } : {});
    expect(status).toBe(1);
    expect(stderr).toContain(`the data folder ${readOnly} cannot hold the database: it is not writable`);
  });
});
