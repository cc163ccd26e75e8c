/**
 * The date written into PDFs and the colophon. Reproducible builds need it to
 * come from the inputs, never from the clock: SOURCE_DATE_EPOCH when set, else
 * the last git commit of the course, else the newest input file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function resolveBuildDate(root: string, inputFiles: string[], env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%ct', '--', '.'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    if (/^\d+$/.test(out)) return new Date(Number(out) * 1000);
  } catch {
    /* not a git checkout */
  }
  const newest = Math.max(0, ...inputFiles.map((f) => fs.statSync(path.resolve(root, f)).mtimeMs));
  return new Date(Math.floor(newest / 1000) * 1000);
}
