/**
 * Shared by the robustness tests: small courses written to temp folders, the
 * CLI run as a child process, output-folder snapshots, and a watch on the
 * Chromium processes started by one process tree (found by walking the tree
 * down from a pid, so other builds on the machine are never counted or killed).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT, SOURCE_DATE_EPOCH } from '../e2e/sample-paths.ts';

export { PROJECT_ROOT, SOURCE_DATE_EPOCH };
export const CLI = path.join(PROJECT_ROOT, 'bin/coursebook.js');

/** One language, one edition: the smallest course that prints. */
export const BOOK_YAML = 'title: Robustness\nlanguages: [en]\neditions: [participant]\n';

/**
 * A chapter file: front matter on lines 1–3, a blank line 4, and `body[0]` on
 * line 5 (so `body[i]` is on line i + 5).
 */
export function chapter(title: string, ...body: string[]): string {
  return `---\ntitle: ${title}\n---\n\n${body.join('\n')}\n`;
}

export type CourseFiles = Record<string, string | Buffer>;

/** A temp folder that `cleanup()` removes; every course and output of a test file lives under it. */
export function tempArea(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `coursebook-${prefix}-`));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

let courseCount = 0;
/** Writes a course (book.yaml and one chapter unless `files` replaces them) into a new folder under `parent`. */
export function writeCourse(parent: string, files: CourseFiles = {}): string {
  const root = path.join(parent, `course-${++courseCount}`);
  const all: CourseFiles = { 'book.yaml': BOOK_YAML, 'content/en/01-a.md': chapter('Alpha', 'Hello.'), ...files };
  for (const [relative, data] of Object.entries(all)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  }
  return root;
}

// ---------------------------------------------------------------------------
// Output folders.

/** Every file under `dir` (dot files included) → sha256 of its bytes. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full).split(path.sep).join('/')] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/** Staging folders, temporary files and locks anywhere under `dir`. */
export function leftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (/^\.staging-|\.tmp-|^\.coursebook\.lock$/.test(entry.name)) found.push(path.relative(dir, full));
      if (entry.isDirectory()) walk(full);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return found.sort();
}

// ---------------------------------------------------------------------------
// The CLI as a child process.

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Resolves when the process exits. */
  done: Promise<CliResult>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, SOURCE_DATE_EPOCH, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Runs the CLI to the end; SIGKILLs it after `timeoutMs` (the result then has signal SIGKILL). */
export async function runCli(args: string[], timeoutMs = 60_000, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const { child, done } = startCli(args, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    return await done;
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------
// Processes.

export interface ProcessRow {
  pid: number;
  ppid: number;
  /** ps state: R, S, D, Z (zombie: exited, not yet reaped)… */
  stat: string;
  args: string;
}

const execFileAsync = promisify(execFile);

export async function processTable(): Promise<ProcessRow[]> {
  const { stdout } = await execFileAsync('ps', ['-ww', '-e', '-o', 'pid=,ppid=,stat=,args='], { maxBuffer: 16 * 1024 * 1024 });
  return stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), stat: m[3]!, args: m[4]! }));
}

/** Children, grandchildren… of `pid`. */
export function descendantsOf(pid: number, rows: ProcessRow[]): ProcessRow[] {
  const found: ProcessRow[] = [];
  const parents = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows) {
      if (parents.has(row.ppid) && !parents.has(row.pid)) {
        parents.add(row.pid);
        found.push(row);
        grew = true;
      }
    }
  }
  return found;
}

const isBrowser = (row: ProcessRow): boolean => /chrom(e|ium)|headless_shell/i.test(row.args.split(' ')[0] ?? '');

/**
 * Polls the process tree under `rootPid` and remembers every browser process
 * seen in it. A browser that outlives its parent is reparented away from the
 * tree, so the pids are checked again by themselves afterwards.
 */
export class BrowserWatch {
  /** pid → command line, of every browser process seen under the root. */
  readonly seen = new Map<number, string>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();

  constructor(private readonly rootPid: number) {}

  start(intervalMs = 100): this {
    this.timer = setInterval(() => {
      this.polling = this.polling.then(() => this.poll().then(() => undefined));
    }, intervalMs);
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }

  /** One look at the tree; returns the browser processes under the root now. */
  async poll(): Promise<ProcessRow[]> {
    const browsers = descendantsOf(this.rootPid, await processTable()).filter(isBrowser);
    for (const row of browsers) this.seen.set(row.pid, row.args);
    return browsers;
  }

  /** Polls until `predicate` holds for the browser processes under the root, or throws after `timeoutMs`. */
  async waitFor(predicate: (rows: ProcessRow[]) => boolean, timeoutMs: number, intervalMs = 50): Promise<ProcessRow[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.poll();
      if (predicate(rows)) return rows;
      if (Date.now() > deadline) throw new Error(`no matching browser process under pid ${this.rootPid} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** Browser processes seen earlier that still run (zombies count as gone: they have exited). */
  async alive(): Promise<ProcessRow[]> {
    return (await processTable()).filter((row) => this.seen.get(row.pid) === row.args && !row.stat.startsWith('Z'));
  }

  /** Waits up to `timeoutMs` for every seen browser process to end; returns those still running. */
  async aliveAfter(timeoutMs: number): Promise<ProcessRow[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.alive();
      if (rows.length === 0 || Date.now() > deadline) return rows;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Test hygiene: SIGKILLs the browser processes this watch saw that still run (only those, by pid). */
  async killLeftovers(): Promise<void> {
    for (const row of await this.alive()) {
      try {
        process.kill(row.pid, 'SIGKILL');
      } catch {
        /* gone meanwhile */
      }
    }
  }
}

/** The pid of a process that has exited (and been reaped): for stale locks. */
export async function deadPid(): Promise<number> {
  const child = spawn('true', [], { stdio: 'ignore' });
  const pid = child.pid!;
  await new Promise((resolve) => child.on('close', resolve));
  return pid;
}
