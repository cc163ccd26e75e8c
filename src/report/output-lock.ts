/**
 * Two builds writing the same output folder at once would interleave their
 * files: the second one stops with a clear message instead. A lock left by a
 * process that no longer exists is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

export class OutputLockedError extends Error {}

export function acquireOutputLock(outDir: string): () => void {
  fs.mkdirSync(outDir, { recursive: true });
  const lockFile = path.join(outDir, '.coursebook.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (holder && isAlive(holder)) {
        throw new OutputLockedError(
          `another coursebook build (process ${holder}) is writing ${outDir}; wait for it to finish, or remove ${lockFile} if it crashed`,
        );
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new OutputLockedError(`could not lock ${outDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
