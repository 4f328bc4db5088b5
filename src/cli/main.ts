import '../load-env';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { cliConfig, fail, readLines } from './io';
import { fromRoot } from '../paths';
import { registerPrivacyCommands } from './privacy';

const program = new Command();
program.name('helpline').description('Helpline support assistant: server and operator tools').showHelpAfterError();

program
  .command('serve')
  .description('run the server (what npm start runs)')
  .action(async () => {
    const flags = serverNodeFlags();
    if (flags.every((f) => process.execArgv.includes(f))) return (await import('../index')).serve();
    // npm start gives the server its heap limit on the node command line; a process already
    // running cannot take it any more, so the server runs as a child started the same way.
    // In its own process group, so a Ctrl+C reaches it once (forwarded), not twice.
    const child = spawn(process.execPath, [...flags, path.join(__dirname, '..', 'index.js')], { stdio: 'inherit', detached: true });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  });

/** The Node flags npm start runs the server with (package.json config.nodeFlags). */
function serverNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(fromRoot('package.json'), 'utf8')) as { config?: { nodeFlags?: string } };
  return (pkg.config?.nodeFlags ?? '').split(/\s+/).filter(Boolean);
}

program
  .command('chat')
  .description('talk to the bot in the terminal through the same adapter, dialogs and storage as the server')
  .action(async () => (await import('./chat')).chat(cliConfig()));

program
  .command('classify')
  .description('classify one utterance per stdin line: intent, device, confidence')
  .option('--jsonl', 'one JSON object per line: { text, intent, device, confidence }')
  .action(async (opts: { jsonl?: boolean }) => {
    const { Router, classifyLines } = await import('../services/nlu/router');
    // Read as the bot reads them, with the company's own name (its mail is ours to stop).
    const router = await Router.load(fromRoot('content/nlu'), { company: cliConfig().policy.company.name });
    const lines = (await readLines()).filter((l) => l.trim() !== '');
    for (const out of classifyLines(router, lines, Boolean(opts.jsonl))) process.stdout.write(out + '\n');
  });

program
  .command('redact')
  .description('print each stdin line with secrets removed and personal data replaced by placeholders')
  .option('--jsonl', 'one JSON object per line: { text, found: [{ type, class, start, end }] }')
  .action(async (opts: { jsonl?: boolean }) => {
    const { redactLine } = await import('../services/privacy/redaction');
    for (const line of await readLines()) process.stdout.write(redactLine(line, Boolean(opts.jsonl)) + '\n');
  });

const flows = program.command('flows').description('troubleshooting flows');
flows
  .command('lint [dir]')
  .description('validate flows: schema, unreachable steps, dead ends, loops, missing escalation')
  .action(async (dir?: string) => {
    const { lintFlows, formatLintReport } = await import('../services/troubleshooting/flow-lint');
    const issues = lintFlows(dir ?? 'content/flows');
    process.stdout.write(formatLintReport(issues) + '\n');
    if (issues.some((i) => i.severity === 'error')) process.exit(1);
  });

registerPrivacyCommands(program, cliConfig, fail);

const technicians = program.command('technicians').description('technician accounts for the console and API');
technicians
  .command('add <username>')
  .description('create an account; reads the password from stdin')
  .requiredOption('--role <role>', 'technician or supervisor')
  .option('--name <display name>', 'the name users see on relayed messages (default: the username)')
  .action(async (username: string, opts: { role: string; name?: string }) => {
    const { techniciansAddCommand } = await import('../services/handoff/technicians-command');
    await techniciansAddCommand(username, opts);
  });

program
  .command('purge')
  .description('apply retention now: remove every record past its retention period and expire overdue privacy requests (the server also does both hourly)')
  .action(async () => {
    const config = cliConfig();
    const { createStore } = await import('../services/storage/create-store');
    const { purgeNow } = await import('./privacy');
    const store = await createStore(config.env);
    try {
      const result = await purgeNow({ store, policy: config.policy });
      process.stdout.write(`Purged ${result.removed} expired record(s) and expired ${result.expired} overdue privacy request(s) in ${Math.round(result.ms)} ms.\n`);
    } finally {
      await store.close();
    }
  });

program.parseAsync(process.argv).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
