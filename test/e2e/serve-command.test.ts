import fs from 'node:fs';
import { startServer, type RunningServer } from '../support/server-process';

/** The command line of a process, as its arguments (Linux /proc). */
const commandLine = (pid: number) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
const childrenOf = (pid: number) =>
  fs
    .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

describe('helpline serve', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ args: ['dist/src/cli/main.js', 'serve'] });
  }, 90_000);
  afterAll(() => server?.dispose());

  it('runs the server with the Node flags npm start uses (the heap limit in package.json)', async () => {
    const { config } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { config: { nodeFlags: string } };
    const [serverPid] = childrenOf(server.process.pid!);
    expect(serverPid).toBeDefined();
    expect(commandLine(serverPid)).toEqual(expect.arrayContaining(config.nodeFlags.split(' ')));
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('passes %s on, and the server shuts down cleanly', async (signal) => {
    const [serverPid] = childrenOf(server.process.pid!);
    expect(serverPid).toBeDefined();
    await server.kill(signal);
    expect(server.process.exitCode).toBe(0); // the server's own graceful stop, not a kill
    for (let i = 0; i < 50 && alive(serverPid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(serverPid)).toBe(false);
    await server.restart({ samePort: false });
  }, 90_000);
});
