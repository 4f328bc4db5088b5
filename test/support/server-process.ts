import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..').replace(/[\\/]dist$/, '');
const ENTRY = path.join(ROOT, 'dist', 'src', 'index.js');
const READY_LINE = /Helpline is running: widget at https?:\/\/[^:/]+:(\d+)\//;
const MAX_LOG_CHARS = 2_000_000;

export interface StartOptions {
  /** Reuse a data folder (e.g. after a crash); a fresh temporary one otherwise. */
  dataDir?: string;
  /** Extra environment for the server; wins over the defaults below. */
  env?: Record<string, string>;
  /** How long to wait for the server to be healthy (default 60 s: it trains its NLU model at start). */
  startTimeoutMs?: number;
  /** What node runs, relative to the project root (default dist/src/index.js; e.g. the CLI with "serve"). */
  args?: string[];
}

export interface RunningServer {
  /** http://127.0.0.1:<port> (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** Everything the server printed (stdout and stderr) since the first start. */
  logs(): string;
  /** Sends the signal (default SIGTERM) and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the server if it runs and starts it again on the same data folder (and port, when free). */
  restart(options?: { samePort?: boolean }): Promise<RunningServer>;
  /** Stops the server and deletes the data folder if this helper created it. */
  dispose(): Promise<void>;
}

/**
 * Runs the built server (`node dist/src/index.js`, so run `npm run build` first) as a child
 * process with its own data folder, like a user would with `npm start`.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run "npm run build" before the end-to-end tests`);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-e2e-'));
  let output = '';
  let child!: ChildProcess;
  let port = 0;

  const launch = async (wantedPort: number): Promise<void> => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // Local mode, embedded store, no cloud: whatever the developer's shell has set.
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: '',
      MicrosoftAppTenantId: '',
      DIRECT_LINE_SECRET: '',
      HELPLINE_PUBLIC_URL: '',
      APPLICATIONINSIGHTS_CONNECTION_STRING: '',
      SMTP_URL: '',
      HELPLINE_STORE: 'sqlite',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      // Tests send from one loopback address as fast as the server answers, which no real client
      // does; the per-client limit has its own tests, which set it.
      HELPLINE_RATE_LIMIT: '0',
      ...options.env,
      PORT: String(wantedPort),
      HELPLINE_DATA_DIR: dataDir,
    };
    const args = options.args ? options.args.map((a, i) => (i === 0 ? path.join(ROOT, a) : a)) : [ENTRY];
    child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const append = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.length > MAX_LOG_CHARS) output = output.slice(-MAX_LOG_CHARS);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    port = await waitForPort(child, () => output, options.startTimeoutMs ?? 60_000);
    await waitForHealth(`http://127.0.0.1:${port}`, child, () => output, options.startTimeoutMs ?? 60_000);
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await launch(0);

  const handle: RunningServer = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    dataDir,
    get process() {
      return child;
    },
    logs: () => output,
    kill: stop,
    restart: async ({ samePort = true } = {}) => {
      await stop();
      const previous = port;
      try {
        await launch(samePort ? previous : 0);
      } catch (error) {
        if (!samePort || !/EADDRINUSE/.test(output)) throw error;
        await launch(0); // the old port was taken meanwhile
      }
      return handle;
    },
    dispose: async () => {
      await stop();
      if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

function waitForPort(child: ChildProcess, output: () => string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = output().length;
    const timer = setTimeout(() => fail(new Error(`the server did not start within ${timeoutMs} ms:\n${tail(output())}`)), timeoutMs);
    const onData = () => {
      const match = READY_LINE.exec(output().slice(started));
      if (match) finish(Number(match[1]));
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(new Error(`the server exited (code ${code}, signal ${signal}) before it was ready:\n${tail(output())}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    const finish = (port: number) => {
      cleanup();
      resolve(port);
    };
    const fail = (error: Error) => {
      cleanup();
      if (child.exitCode === null) child.kill('SIGKILL');
      reject(error);
    };
    // Listeners run after the helper's own 'data' listener, so output() already has the chunk.
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited before it was healthy:\n${tail(output())}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server was not healthy within ${timeoutMs} ms:\n${tail(output())}`);
}

function tail(text: string): string {
  return text.split('\n').slice(-30).join('\n');
}
