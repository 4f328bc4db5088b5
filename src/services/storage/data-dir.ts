import fs from 'node:fs';
import path from 'node:path';

/** The data folder cannot hold the database; the message names the folder and what is wrong. */
export class DataDirError extends Error {
  constructor(
    readonly dir: string,
    reason: string,
  ) {
    super(`the data folder ${dir} cannot hold the database: ${reason}. Set HELPLINE_DATA_DIR to a folder Helpline can create and write to.`);
    this.name = 'DataDirError';
  }
}

/** Makes `dir` (and missing parents) exist as a folder this process can write; throws DataDirError otherwise. */
export function prepareDataDir(dir: string): void {
  const absolute = path.resolve(dir);
  // One level at a time, not mkdirSync({ recursive: true }): under /proc Node 20's recursive
  // mkdir never returns (it retries the ENOENT forever), and the command hangs.
  const missing: string[] = [];
  let at = absolute;
  for (;;) {
    const stat = statOrUndefined(dir, at);
    if (stat) {
      if (!stat.isDirectory()) throw new DataDirError(dir, at === absolute ? 'it is a file, not a folder' : `${at} is a file, not a folder`);
      break;
    }
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      throw new DataDirError(dir, `cannot create ${folder} (${describe(error)})`);
    }
  }
  try {
    fs.accessSync(absolute, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw new DataDirError(dir, `it is not writable (${describe(error)})`);
  }
}

function statOrUndefined(dir: string, at: string): fs.Stats | undefined {
  try {
    return fs.statSync(at);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    // ENOTDIR: a parent is a file; EACCES: a parent cannot be looked into.
    throw new DataDirError(dir, `cannot reach ${at} (${describe(error)})`);
  }
}

/** An fs or SQLite error in a few words, without the stack. */
export function describe(error: unknown): string {
  const err = error as NodeJS.ErrnoException & { code?: string };
  if (typeof err?.code === 'string' && err.code.startsWith('E')) {
    const text: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      EROFS: 'read-only file system',
      ENOENT: 'no such file or directory',
      ENOTDIR: 'part of the path is a file, not a folder',
      ENOSPC: 'no space left on the device',
    };
    return text[err.code] ? `${text[err.code]}, ${err.code}` : err.code;
  }
  return error instanceof Error ? error.message : String(error);
}
