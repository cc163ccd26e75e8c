/**
 * All outputs built in a fresh process, as a user's `coursebook build` is,
 * with the memory of its whole process tree (node and every Chromium process
 * under it) sampled as process-tree.ts samples it. The size's own process
 * has by then run the other phases (their heap, compiled code, parse memo),
 * so its peak is not what a user gets; this one is.
 *
 * The build runs the installed command (`bin/coursebook.js`, which runs
 * dist/) when dist/ was compiled from the current sources, else the sources
 * through tsx (`bench/build-once.ts`); the note says which.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { TreeSampler, type TreeSample } from './process-tree.ts';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(PROJECT, 'bin', 'coursebook.js');
const BUILD_ONCE = path.join(PROJECT, 'bench', 'build-once.ts');

export interface FreshBuild {
  seconds: number;
  /** Memory peaks of the child's tree, and its Chromium processes' CPU time. */
  tree: TreeSample;
  /** CPU seconds of the build's node process (all its threads), from /proc when it ended. */
  nodeCpu: number | null;
  /** What ran: the installed command, or the sources through tsx. */
  command: 'dist' | 'tsx';
}

/** One language and edition, as `--lang L --edition E` selects them. */
export interface OneEdition {
  lang: string;
  edition: string;
}

/** Builds every output of `root` (or only `one` edition) into `outDir` in a new node process (cache and output folder as the caller left them). */
export async function freshProcessBuild(root: string, outDir: string, limitMs: number, one?: OneEdition): Promise<FreshBuild> {
  const command = distIsCurrent() ? 'dist' : 'tsx';
  const args =
    command === 'dist'
      ? [CLI, 'build', '--root', root, '--out', outDir, ...(one ? ['--lang', one.lang, '--edition', one.edition] : [])]
      : [...process.execArgv, BUILD_ONCE, root, outDir, ...(one ? [one.lang, one.edition] : [])];
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
  const ended = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (exitCode) => resolve(exitCode));
  });
  const pid = child.pid;
  if (pid === undefined) {
    await ended;
    throw new Error('the fresh-process build did not start');
  }
  const sampler = TreeSampler.start(pid, 200);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  // CPU of the build's node process (all its threads), read until it exits: it is reaped, and its /proc entry gone, at once.
  let nodeCpu: number | null = null;
  const poll = setInterval(() => {
    const ticks = cpuTicks(pid);
    if (ticks !== null) nodeCpu = ticks / 100;
  }, 200);
  const timer = setTimeout(() => child.kill('SIGTERM'), limitMs);
  const code = await ended.finally(() => clearInterval(poll));
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  const tree = await sampler.stop();
  if (code !== 0) throw new Error(`the fresh-process build exited with code ${code}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return { seconds, tree, nodeCpu, command };
}

/** Every source module has its compiled module in dist/, no older than it (tests and type declarations compile to nothing). */
function distIsCurrent(): boolean {
  const src = path.join(PROJECT, 'src');
  for (const entry of fs.readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || /\.(test|d)\.ts$/.test(entry.name)) continue;
    const source = path.join(entry.parentPath, entry.name);
    const compiled = path.join(PROJECT, 'dist', path.relative(src, source)).replace(/\.ts$/, '.js');
    if (!fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(source).mtimeMs) return false;
  }
  return true;
}

function cpuTicks(pid: number | undefined): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}
