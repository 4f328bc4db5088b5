import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

/**
 * A new directory under the OS temp dir for a test file's data, content or config. The file
 * removes them all with `afterAll(removeTempDirs)`, declared last so that it runs after the hooks
 * that close the servers using them; left behind, a full run filled /tmp with hundreds.
 */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
