import '../load-env';
import { Command } from 'commander';
import { serve } from '../index';
import { chat } from './chat';
import { cliConfig, fail, readLines } from './io';

const program = new Command();
program.name('helpline').description('Helpline support assistant: server and operator tools').showHelpAfterError();

program
  .command('serve')
  .description('run the server (what npm start runs)')
  .action(async () => serve());

program
  .command('chat')
  .description('talk to the bot in the terminal through the same adapter, dialogs and storage as the server')
  .action(async () => chat(cliConfig()));

program
  .command('classify')
  .description('classify one utterance per stdin line: intent, device, confidence')
  .option('--jsonl', 'one JSON object per line: { text, intent, device, confidence }')
  .action(async (opts: { jsonl?: boolean }) => {
    const { Router, classifyLines } = await import('../services/nlu/router');
    const router = await Router.load();
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

program.parseAsync(process.argv).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
