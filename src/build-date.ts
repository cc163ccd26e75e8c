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
  if (inGitCheckout(root, env)) return lastCommitDate(root) ?? newestInput(root, inputFiles);
  return newestInput(root, inputFiles);
}

function lastCommitDate(root: string): Date | null {
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%ct', '--', '.'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return /^\d+$/.test(out) ? new Date(Number(out) * 1000) : null;
  } catch {
    return null; // git is missing or the folder is not a checkout after all
  }
}

function newestInput(root: string, inputFiles: string[]): Date {
  const newest = Math.max(0, ...inputFiles.map((f) => fs.statSync(path.resolve(root, f)).mtimeMs));
  return new Date(Math.floor(newest / 1000) * 1000);
}

/**
 * Whether git could answer: a `.git` in the course folder or above it (or
 * GIT_DIR set). Asking git outside any checkout costs every build a
 * process start (10–20 ms of the main thread, which waits for it).
 */
function inGitCheckout(root: string, env: NodeJS.ProcessEnv): boolean {
  if (env.GIT_DIR) return true;
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}
