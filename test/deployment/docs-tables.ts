import fs from 'node:fs';
import path from 'node:path';

// The Azure, Teams and configuration-reference sections live in the README, where users look.
export const AZURE_DOC = path.resolve(__dirname, '../../README.md');

export interface TableRow {
  /** The backticked names in the first cell. */
  names: string[];
  cells: string[];
}

/** The rows of the first table after the line that starts with `heading` (header and separator skipped). */
export function tableAfter(markdown: string, heading: string | RegExp): TableRow[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => (typeof heading === 'string' ? l.trim() === heading : heading.test(l)));
  if (start < 0) throw new Error(`no line ${heading} in the document`);
  const rows: TableRow[] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) {
      inTable = true;
      rows.push({ cells: line.split('|').slice(1, -1).map((c) => c.trim()), names: [] });
    } else if (inTable) break;
  }
  return rows.slice(2).map((r) => ({ ...r, names: [...r.cells[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]) }));
}

export const readAzureDoc = () => fs.readFileSync(AZURE_DOC, 'utf8');
