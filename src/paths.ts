import fs from 'node:fs';
import path from 'node:path';

/** The project root (where package.json is), whether running from src/ (ts-jest) or dist/ (node). */
export const PROJECT_ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
})();

export const fromRoot = (...parts: string[]) => path.join(PROJECT_ROOT, ...parts);
