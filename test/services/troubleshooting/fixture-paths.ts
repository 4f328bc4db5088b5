import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CONTENT_FLOWS = resolve(__dirname, '../../../content/flows');
export const FIXTURES = resolve(__dirname, '../../fixtures/flows');

export const fixtureDir = (problem: string) => join(FIXTURES, problem);

/** 1-based line of the first line in `file` that contains `text`, after `after` lines. */
export function lineContaining(file: string, text: string, after = 0): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((line, i) => i >= after && line.includes(text));
  if (index < 0) throw new Error(`'${text}' not found in ${file}`);
  return index + 1;
}
