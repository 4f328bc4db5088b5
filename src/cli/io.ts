import readline from 'node:readline';
import { ConfigError, loadConfig, type AppConfig } from '../config';

/** Reads stdin line by line (for classify/redact and piped input). */
export async function readLines(input: NodeJS.ReadableStream = process.stdin): Promise<string[]> {
  const lines: string[] = [];
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) lines.push(line);
  return lines;
}

/** Config for CLI commands; a bad setting exits 2 with the same one-line message as the server. */
export function cliConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`Configuration error: ${error.message}`, 2);
    throw error;
  }
}

/** Errors go to stderr with a non-zero exit code and say what to fix (spec/cli.md). */
export function fail(message: string, code = 1): never {
  process.stderr.write(`helpline: ${message}\n`);
  process.exit(code);
}
