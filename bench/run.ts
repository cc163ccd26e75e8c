/**
 * `npm run bench [-- --sizes 10,40,80 | --quick] [--keep] [--timeout <minutes>]`
 *
 * For each course size N (chapters per language), on a synthetic course
 * generated into the temp folder:
 *   a. one edition (fr participant, keepHtml) with a fresh output folder and cache;
 *   b. the floor: the same browser printing once the HTML documents of (a);
 *   c. a/b;
 *   d. all outputs (2 languages × 2 editions), fresh output folder and cache,
 *      with the peak memory of the process tree sampled every 200 ms;
 *   e. an incremental rebuild after one French sentence changed (cache warm),
 *      then checks on the rebuilt French participant PDF.
 * Each size is measured in a node process of its own (after an untimed
 * warm-up build), one edition and floor taken in turns and every timing
 * repeated (`--repeat`, medians in the table). Prints a Markdown table and
 * writes it to bench/results.md. A size that fails is reported and the next
 * one still runs. No timing is asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { execFileSync, spawn } from 'node:child_process';
import { build, type BuildOptions, type BuildResult } from '../src/build.ts';
import { generateCourse, markerSentence, type GeneratedCourse } from './generate-course.ts';
import { launchFloorBrowser, measureFloor, type FloorResult } from './floor.ts';
import { TreeSampler, type TreeSample } from './process-tree.ts';
import { verifyRebuiltBook, type CheckResult } from './verify.ts';
import { machineInfo, type MachineInfo } from './machine.ts';
import { benchOneEditionIncremental } from './incremental.ts';
import { measureDevLatency } from './dev-latency.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = path.resolve(BENCH_DIR, '..');
/** coursebook's own inputs: a change to any of them during a size invalidates the print cache and mixes two versions. */
const WATCHED_DIRS = ['src', 'styles', 'templates'].map((d) => path.join(PROJECT_ROOT, d));
const RESULTS_FILE = path.join(BENCH_DIR, 'results.md');
const DEFAULT_SIZES = [10, 40, 80];
/**
 * Each timing is taken three times and the median reported: on a shared
 * machine one floor measured 5.9 s and another, minutes later, 7.6 s, which
 * alone moved a ratio by a quarter.
 */
const DEFAULT_REPEAT = 3;
const CACHE_DIR = '.coursebook-cache';
/** Fixed build date, as in the end-to-end tests: the temp course is no git checkout, and without it the date would follow file times. */
const DEFAULT_SOURCE_DATE_EPOCH = '1767225600';

interface Row {
  chapters: number;
  pages?: number;
  oneEdition?: number;
  floor?: number;
  all?: number;
  incremental?: number;
  /** One edition rebuilt after one sentence changed (cache warm), and rebuilt again with nothing changed. */
  oneIncremental?: number;
  noChange?: number;
  /** `coursebook dev`: seconds from saving one sentence to the served interior holding it. */
  devLatency?: number;
  memory?: TreeSample;
  checks?: CheckResult[];
  errors: string[];
  notes: string[];
}

interface Options {
  sizes: number[];
  keep: boolean;
  /** Longest one build may take before the size is given up (a hung build must not stall the benchmark), in minutes; null = by size. */
  timeoutMinutes: number | null;
  /** How many times the one-edition build, the floor and the all-outputs build are each measured; the table gives medians. */
  repeat: number;
  /** Set in the process that measures one size for the main one: where its row goes. */
  rowFile: string | null;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      repeat: { type: 'string' },
      // Internal: measure one size in this process and write its row, as JSON, to this file.
      'row-file': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      [
        'npm run bench -- [--sizes 10,40,80] [--quick] [--keep] [--timeout <minutes>] [--repeat <n>]',
        '  --sizes <list>  chapters per language of each synthetic course (default 10,40,80)',
        '  --quick         only the 10-chapter course',
        '  --keep          keep the generated courses and outputs in the temp folder',
        '  --timeout <min> give up a build after this many minutes (default: 10 + 1 per chapter)',
        '  --repeat <n>    measure one edition, the floor and all outputs n times each; the table gives medians (default 3)',
        '',
      ].join('\n'),
    );
    process.exit(0);
  }
  let sizes = DEFAULT_SIZES;
  if (values.quick) sizes = [10];
  else if (values.sizes) {
    sizes = values.sizes.split(',').map((s) => Number(s.trim()));
    if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: expected positive integers, got "${values.sizes}"`);
  }
  let timeoutMinutes: number | null = null;
  if (values.timeout !== undefined) {
    timeoutMinutes = Number(values.timeout);
    if (!(timeoutMinutes > 0)) throw new Error(`--timeout: expected a number of minutes, got "${values.timeout}"`);
  }
  const repeat = values.repeat === undefined ? DEFAULT_REPEAT : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat: expected a positive integer, got "${values.repeat}"`);
  return { sizes, keep: values.keep, timeoutMinutes, repeat, rowFile: values['row-file'] ?? null };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  process.env.SOURCE_DATE_EPOCH ??= DEFAULT_SOURCE_DATE_EPOCH;
  if (options.rowFile) return measureOneSize(options, options.rowFile);
  const machine = machineInfo();
  const started = new Date();
  const rows: Row[] = [];
  progress(`sizes ${options.sizes.join(', ')}; ${machine.cpu}, ${machine.cores} cores, node ${machine.node}`);
  for (const size of options.sizes) {
    const { row, browser } = await benchSizeInItsOwnProcess(size, options);
    rows.push(row);
    if (browser && machine.browser === 'unknown') machine.browser = browser;
    fs.writeFileSync(RESULTS_FILE, resultsMarkdown(rows, machine, started, options));
  }
  const markdown = resultsMarkdown(rows, machine, started, options);
  fs.writeFileSync(RESULTS_FILE, markdown);
  process.stdout.write(`\n${markdown}\nwritten to ${path.relative(process.cwd(), RESULTS_FILE)}\n`);
  const failed = rows.some((r) => r.errors.length > 0 || r.checks?.some((c) => !c.ok));
  if (failed) process.exitCode = 1;
}

/**
 * Each size is measured in a process of its own, as each `coursebook build`
 * is: in one process, a size ran after the smaller ones with their heap,
 * compiled code and text caches (the first chapters of every generated course
 * are the same), which made it now slower, now faster than a build on its own.
 */
async function benchSizeInItsOwnProcess(size: number, options: Options): Promise<{ row: Row; browser: string | null }> {
  const rowFile = path.join(os.tmpdir(), `coursebook-bench-row-${process.pid}-${size}.json`);
  const args = [
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    '--sizes',
    String(size),
    '--repeat',
    String(options.repeat),
    '--row-file',
    rowFile,
    ...(options.keep ? ['--keep'] : []),
    ...(options.timeoutMinutes !== null ? ['--timeout', String(options.timeoutMinutes)] : []),
  ];
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (!fs.existsSync(rowFile)) return { row: { chapters: size, errors: [`size: its process ended (exit code ${code}) without a result`], notes: [] }, browser: null };
    return JSON.parse(fs.readFileSync(rowFile, 'utf8')) as { row: Row; browser: string | null };
  } finally {
    fs.rmSync(rowFile, { force: true });
  }
}

/** In the process started for one size: a warm-up build, the size's measurements, its row to `--row-file`. */
async function measureOneSize(options: Options, rowFile: string): Promise<void> {
  const machine = machineInfo();
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the parent process starts one child per size with exactly that size
  const size = options.sizes[0]!;
  const warmUp = await warmUpBuild();
  let row: Row;
  try {
    row = await benchSize(size, machine, options);
  } catch (error) {
    row = { chapters: size, errors: [`size: ${describeError(error)}`], notes: [] };
  }
  row.notes.unshift(warmUp);
  fs.writeFileSync(rowFile, JSON.stringify({ row, browser: machine.browser === 'unknown' ? null : machine.browser }));
  // A build given up after --timeout may still hold a browser open: do not wait for it.
  if (abandonedBuilds > 0) process.exit(1);
}

/**
 * One untimed build of a one-chapter course first, so that loading and
 * compiling coursebook's modules (tsx, pdf.js, pdf-lib…) and the first
 * browser start are not charged to the first size only.
 */
async function warmUpBuild(): Promise<string> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-bench-warmup-'));
  progress('warm-up build (1 chapter, fr/participant, untimed)…');
  try {
    const course = generateCourse(path.join(work, 'course'), 1);
    const started = performance.now();
    await build({ root: course.root, outDir: path.join(work, 'out'), langs: ['fr'], editions: ['participant'] });
    return `measured in a process of its own, after a warm-up build (1 chapter, fr/participant, ${((performance.now() - started) / 1000).toFixed(1)} s, untimed) so that module loading is charged to no build`;
  } catch (error) {
    return `measured in a process of its own; its warm-up build failed (${describeError(error)}), so its first build also paid for loading coursebook's modules`;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Modification time and size of every file coursebook builds with. */
function snapshotProject(): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of WATCHED_DIRS) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      try {
        const stat = fs.statSync(file);
        files.set(path.relative(PROJECT_ROOT, file), `${stat.mtimeMs} ${stat.size}`);
      } catch {
        /* removed meanwhile */
      }
    }
  }
  return files;
}

function projectChangeWarning(changed: string[]): string {
  const list = `${changed.slice(0, 5).join(', ')}${changed.length > 5 ? `, and ${changed.length - 5} more` : ''}`;
  const assets = changed.filter((file) => !file.startsWith(`src${path.sep}`));
  const consequence = assets.length
    ? 'builds after the change used the new styles or templates, and since they are part of every print cache key, ' +
      'the incremental build may have reprinted everything: its figure is not meaningful'
    : 'this process kept the modules it loaded at start (lazily imported ones excepted), so the revision given above may not be exactly what ran';
  return `WARNING: coursebook's own files changed while this size ran (${list}): ${consequence}`;
}

function projectChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

async function benchSize(chapters: number, machine: MachineInfo, options: Options): Promise<Row> {
  const row: Row = { chapters, errors: [], notes: [] };
  const projectBefore = snapshotProject();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `coursebook-bench-${chapters}-`));
  const say = (line: string): void => progress(`[${chapters} ch] ${line}`);
  const limitMs = (options.timeoutMinutes ?? 10 + chapters) * 60_000;
  const timedBuild = (buildOptions: BuildOptions): Promise<TimedBuild> => timeBuild(buildOptions, say, limitMs);
  say(`working in ${work}`);
  try {
    const course = await step(row, say, 'generate', () => generateCourse(path.join(work, 'course'), chapters));
    if (!course) return row;
    row.notes.push(`about ${course.averageWords.toLocaleString('en')} words per chapter`);

    // a. one edition, fresh output folder and cache; b. the floor: the same browser
    // printing the same documents once. Taken in turns, so that a slow minute on a
    // shared machine weighs on both.
    // Every timed build starts from an empty output folder and cache.
    const freshBuild = (outDir: string, extra: Partial<BuildOptions> = {}): Promise<TimedBuild> => {
      clearCache(course);
      fs.rmSync(outDir, { recursive: true, force: true });
      return timedBuild({ root: course.root, outDir, ...extra });
    };
    const runOf = (run: number): string => (options.repeat > 1 ? ` (${run}/${options.repeat})` : '');
    const outOne = path.join(work, 'out-one-edition');
    const ones: TimedBuild[] = [];
    const floors: FloorResult[] = [];
    for (let run = 1; run <= options.repeat; run++) {
      const of = runOf(run);
      const one = await step(row, say, `one edition${of}`, () =>
        freshBuild(outOne, { langs: ['fr'], editions: ['participant'], keepHtml: true }),
      );
      if (!one) break;
      ones.push(one);
      noteBuild(row, `one edition${of}`, one);
      const floor = await step(row, say, `floor${of}`, async () => {
        const browser = await launchFloorBrowser();
        try {
          if (machine.browser === 'unknown') machine.browser = `${browser.version} (${browser.resolved.source}: ${browser.resolved.executablePath})`;
          const result = await measureFloor(path.join(outOne, '.html', 'fr', 'participant'), browser.browser);
          return { ...result, launchedBy: browser.launchedBy };
        } finally {
          await browser.close();
        }
      });
      if (floor) {
        floors.push(floor);
        row.notes.push(floorNote(floor, of));
      }
    }
    const [firstOne] = ones;
    if (firstOne) {
      row.oneEdition = median(ones.map((b) => b.seconds));
      row.pages = firstOne.result.manifest.outputs.find((o) => o.lang === 'fr' && o.edition === 'participant' && o.kind === 'interior')?.pages;
    }
    if (floors.length) row.floor = median(floors.map((f) => f.seconds));
    if (options.repeat > 1) {
      row.notes.push(`one edition: ${runsNote(ones.map((b) => b.seconds))}; floor: ${runsNote(floors.map((f) => f.seconds))}`);
    }

    // f. one edition again after one sentence changed, then with nothing changed, then from scratch to compare bytes
    if (ones.length) {
      await benchOneEditionIncremental(row, course, chapters, outOne, path.join(work, 'out-one-scratch'), {
        say,
        timedBuild,
        freshBuild,
        step: (name, run) => step(row, say, name, run),
        note: (label, built) => noteBuild(row, label, built),
      });
    }
    // g. the dev server's latency: save → the served interior holds the new sentence
    await step(row, say, 'dev preview latency', async () => {
      const latency = await measureDevLatency(course, chapters, say);
      row.devLatency = latency.seconds;
      row.notes.push(latency.note);
    });

    // d. all outputs, fresh output folder and cache, memory sampled
    const outAll = path.join(work, 'out-all');
    const alls: TimedBuild[] = [];
    for (let run = 1; run <= options.repeat; run++) {
      const of = runOf(run);
      const built = await step(row, say, `all outputs${of}`, () => freshBuild(outAll));
      if (!built) break;
      alls.push(built);
      noteBuild(row, `all outputs${of}`, built);
    }
    // The incremental build starts from the last full build's outputs and cache.
    const all = alls.at(-1);
    if (all) {
      row.all = median(alls.map((b) => b.seconds));
      if (options.repeat > 1) row.notes.push(`all outputs: ${runsNote(alls.map((b) => b.seconds))}`);
      row.notes.push(cacheNote(course, 'after all outputs'));
    }
    // Memory: the highest peak of all the runs.
    const peaks = alls.map((b) => b.tree).filter((t): t is TreeSample => t !== null);
    row.memory = peaks.length ? peaks.reduce((a, b) => (b.peakRssMb > a.peakRssMb ? b : a)) : undefined;
    if (row.memory) {
      const pss = row.memory.peakPssMb === null ? '' : `, peak PSS ${row.memory.peakPssMb.toFixed(0)} MB`;
      row.notes.push(`memory during all outputs (the run with the highest peak): ${row.memory.samples} samples (${row.memory.pssReadings} reading PSS), up to ${row.memory.maxProcesses} processes${pss}`);
    }

    // e. incremental rebuild after one French sentence changed, then checks
    if (all) {
      const target = Math.max(1, Math.round(chapters / 2));
      const before = markerSentence('fr', target, false);
      const after = markerSentence('fr', target, true);
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- target is a chapter number of the generated course, 1 to chapters
      const edited = course.files.fr[target - 1]!;
      const rebuilt = await step(row, say, 'incremental', async () => {
        editSentence(edited, before, after);
        return timedBuild({ root: course.root, outDir: outAll });
      });
      if (rebuilt) {
        row.incremental = rebuilt.seconds;
        noteBuild(row, 'incremental', rebuilt);
        const reprinted = (rebuilt.result as unknown as { printed?: unknown }).printed;
        if (typeof reprinted === 'number' && reprinted > 4) {
          row.notes.push(
            `incremental: ${reprinted} documents reprinted where the part holding the changed chapter in each French edition (and at most their covers) would do: something invalidated the cache`,
          );
        }
        row.notes.push(`incremental: changed one sentence of ${path.relative(course.root, edited)}; ${changedOutputs(all.result, rebuilt.result)}`);
        const checks = await step(row, say, 'checks', async () => {
          const results = await verifyRebuiltBook(path.join(outAll, 'fr', 'participant.pdf'), after, before, chapters * 6);
          const outputs = rebuilt.result.manifest.outputs.length;
          results.push({ name: 'outputs', ok: outputs === 8, detail: `${outputs} outputs in the manifest (expected 8)` });
          return results;
        });
        if (checks) {
          row.checks = [...(row.checks ?? []), ...checks];
          for (const check of checks) row.notes.push(`check ${check.ok ? 'passed' : 'FAILED'}: ${check.name}: ${check.detail}`);
        }
      }
    }
  } finally {
    if (options.keep) say(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
    const changed = projectChanges(projectBefore, snapshotProject());
    if (changed.length) row.notes.unshift(projectChangeWarning(changed));
  }
  return row;
}

/** Runs one step; a failure is recorded in the row and the size goes on where it can. */
async function step<T>(row: Row, say: (line: string) => void, name: string, run: () => T | Promise<T>): Promise<T | undefined> {
  say(`${name}…`);
  try {
    return await run();
  } catch (error) {
    const message = describeError(error);
    row.errors.push(`${name}: ${message}`);
    say(`${name} FAILED: ${message}`);
    return undefined;
  }
}

interface TimedBuild {
  seconds: number;
  result: BuildResult;
  /** 1-minute load average just before the build. */
  load: string;
  /** CPU seconds of this node process (all its threads). */
  nodeCpu: number;
  /** Memory peaks and the descendants' (Chromium's) CPU time, sampled every 200 ms; null if sampling failed. */
  tree: TreeSample | null;
}

let abandonedBuilds = 0;

async function timeBuild(options: BuildOptions, say: (line: string) => void, limitMs: number): Promise<TimedBuild> {
  const load = loadAverage();
  say(`  load average before: ${load}`);
  const sampler = TreeSampler.start(process.pid, 200);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    build({ ...options, log: (line) => say(`  ${line}`) }).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
    new Promise<{ ok: false; error: Error }>((resolve) => {
      timer = setTimeout(() => {
        abandonedBuilds++;
        resolve({ ok: false, error: new Error(`the build did not finish within ${limitMs / 60_000} min; given up (see --timeout)`) });
      }, limitMs);
    }),
  ]);
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const tree = await sampler.stop().catch(() => null);
  if (!outcome.ok) throw outcome.error;
  const result = outcome.value;
  const timed: TimedBuild = { seconds, result, load, nodeCpu: (cpu.user + cpu.system) / 1e6, tree };
  say(`  done in ${seconds.toFixed(1)} s (CPU: node ${timed.nodeCpu.toFixed(1)} s, browser ${tree?.descendantsCpuSeconds.toFixed(1) ?? '?'} s)`);
  return timed;
}

/** Which outputs the incremental build changed (by sha256 in the manifests); only French ones had a changed source. */
function changedOutputs(before: BuildResult, after: BuildResult): string {
  const old = new Map(before.manifest.outputs.map((o) => [o.file, o.sha256]));
  const changed = after.manifest.outputs.filter((o) => old.get(o.file) !== o.sha256).map((o) => o.file);
  const unexpected = changed.filter((file) => !file.startsWith('fr/'));
  return (
    `outputs whose bytes changed: ${changed.length ? changed.join(', ') : 'none'}` +
    (unexpected.length ? ` (${unexpected.length} without any changed source)` : '')
  );
}

function clearCache(course: GeneratedCourse): void {
  fs.rmSync(path.join(course.root, CACHE_DIR), { recursive: true, force: true });
}

function editSentence(file: string, before: string, after: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const count = text.split(before).length - 1;
  if (count !== 1) throw new Error(`expected the marker sentence once in ${file}, found it ${count} times`);
  fs.writeFileSync(file, text.replace(before, after));
}

function noteBuild(row: Row, label: string, built: TimedBuild): void {
  const { result } = built;
  // `printed` and `reused` come with the print cache; builds without it do not report them.
  const counts = result as unknown as { printed?: unknown; reused?: unknown };
  const printed =
    typeof counts.printed === 'number' && typeof counts.reused === 'number'
      ? `${counts.printed} document(s) printed, ${counts.reused} reused from the cache`
      : 'no print counts reported';
  const cpu = `CPU ${built.nodeCpu.toFixed(1)} s in node, ${built.tree ? built.tree.descendantsCpuSeconds.toFixed(1) : '?'} s in child processes (Chromium)`;
  row.notes.push(`${label}: ${built.seconds.toFixed(1)} s, ${printed}; ${cpu}; load average before: ${built.load}`);
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
  const [first] = warnings;
  if (first) {
    const codes = [...new Set(warnings.map((w) => w.code))].join(', ');
    row.notes.push(`${label}: ${warnings.length} warning(s) (${codes}), first: ${first.file ?? ''} ${first.message}`);
  }
}

function cacheNote(course: GeneratedCourse, when: string): string {
  const dir = path.join(course.root, CACHE_DIR);
  if (!fs.existsSync(dir)) return `no ${CACHE_DIR} ${when} (no print cache in this coursebook)`;
  let files = 0;
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return `${CACHE_DIR} ${when}: ${files} file(s), ${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- called with at least one value; middle and middle - 1 are within it
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function runsNote(values: number[]): string {
  return `${values.map((v) => `${v.toFixed(1)} s`).join(', ')} (median ${median(values).toFixed(1)} s)`;
}

function floorNote(floor: FloorResult & { launchedBy: string }, of: string): string {
  const list = floor.documents.length <= 4
    ? floor.documents.map((d) => `${d.file} ${d.seconds.toFixed(1)} s`).join(', ')
    : `slowest ${[...floor.documents].sort((a, b) => b.seconds - a.seconds).slice(0, 3).map((d) => `${d.file} ${d.seconds.toFixed(1)} s`).join(', ')}`;
  return `floor${of}: ${floor.seconds.toFixed(1)} s, ${floor.documents.length} document(s) from ${floor.source}, browser launched by ${floor.launchedBy} (${list})`;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const diagnostics = (error as { diagnostics?: { severity: string; code: string; message: string; file?: string; line?: number }[] }).diagnostics;
  if (Array.isArray(diagnostics) && diagnostics.length) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const shown = (errors.length ? errors : diagnostics).slice(0, 3);
    return `${error.message} — ${shown.map((d) => `[${d.code}] ${d.file ?? ''}${d.line ? `:${d.line}` : ''} ${d.message}`).join('; ')}`;
  }
  return error.message.split('\n')[0] ?? error.message;
}

/** The commit of coursebook that was measured, and whether its src/, styles/ or templates/ had uncommitted changes. */
function coursebookRevision(): string {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'src', 'styles', 'templates').split('\n').filter(Boolean).length;
    return dirty ? `commit ${commit} with ${dirty} uncommitted change(s) in src/, styles/, templates/` : `commit ${commit}`;
  } catch {
    return 'unknown revision (not a git checkout)';
  }
}

/** The 1-minute load average: anything well above 0 means other work shared the CPUs with the benchmark. */
function loadAverage(): string {
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- os.loadavg() always returns three numbers
  return os.loadavg()[0]!.toFixed(2);
}

function progress(line: string): void {
  const time = new Date().toISOString().slice(11, 19);
  process.stderr.write(`bench ${time} ${line}\n`);
}

// ---------------------------------------------------------------------------
// Report

const dash = '—';
const seconds = (v: number | undefined): string => (v === undefined ? dash : v.toFixed(1));
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || b === 0 ? dash : (a / b).toFixed(2));

function checksCell(row: Row): string {
  if (row.errors.length) return `error (${row.errors.map((e) => e.split(':')[0]).join(', ')})`;
  if (!row.checks) return dash;
  const failed = row.checks.filter((c) => !c.ok);
  return failed.length ? `FAIL: ${failed.map((c) => c.name).join(', ')}` : 'pass';
}

function resultsTable(rows: Row[]): string {
  const header = [
    'chapters',
    'pages (participant fr)',
    'one edition (s)',
    'floor (s)',
    'ratio',
    'all 4 outputs (s)',
    'all/floor',
    'incremental (s)',
    'incremental/all',
    'one edition incremental (s)',
    'incremental/one edition',
    'nothing changed (s)',
    'dev preview (s)',
    'peak RSS (MB)',
    'checks',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === header.length - 1 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) {
    lines.push(
      `| ${[
        row.chapters,
        row.pages ?? dash,
        seconds(row.oneEdition),
        seconds(row.floor),
        ratio(row.oneEdition, row.floor),
        seconds(row.all),
        ratio(row.all, row.floor),
        seconds(row.incremental),
        ratio(row.incremental, row.all),
        seconds(row.oneIncremental),
        ratio(row.oneIncremental, row.oneEdition),
        row.noChange === undefined ? dash : row.noChange.toFixed(2),
        row.devLatency === undefined ? dash : row.devLatency.toFixed(2),
        row.memory ? row.memory.peakRssMb.toFixed(0) : dash,
        checksCell(row),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

const revision = coursebookRevision();

function resultsMarkdown(rows: Row[], machine: MachineInfo, started: Date, options: Options): string {
  const lines = [
    '# coursebook benchmark',
    '',
    resultsTable(rows),
    '',
    `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench\` (sizes ${options.sizes.join(', ')}), coursebook ${revision}, on ` +
      `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb.toFixed(0)} GB RAM, ${machine.os}; ` +
      `Node ${machine.node}; browser ${machine.browser}. Builds use the library defaults ` +
      `(documents printed in parallel: ${machine.cores}, print cache on); SOURCE_DATE_EPOCH=${process.env.SOURCE_DATE_EPOCH}; each size measured in a node process of its own, after an untimed warm-up build.`,
    '',
    '## Notes',
    '',
  ];
  for (const row of rows) {
    lines.push(`- **${row.chapters} chapter${row.chapters === 1 ? '' : 's'} per language**`);
    for (const error of row.errors) lines.push(`  - ERROR ${error}`);
    for (const note of row.notes) lines.push(`  - ${note}`);
  }
  lines.push(
    '',
    '## What is measured',
    '',
    '- Each course is generated by `bench/generate-course.ts`: book.yaml (fr, en; participant and trainer; A4) and N chapters per language of about 4,500 words of seeded pseudo-random prose, with headings, lists, a captioned table, an SVG figure, footnotes, an exercise with its answer, trainer/participant/key-point blocks and cross-references to other chapters.',
    `- Every time in the table is the median of ${options.repeat} run(s) (\`--repeat\`), one edition and floor taken in turns, then the all-outputs runs; each run is in the notes.`,
    '- **one edition**: `build()` of fr/participant with `keepHtml`, into a fresh output folder, after deleting `<course>/.coursebook-cache`.',
    '- **floor**: the same Chromium, launched as coursebook launches it, printing once and one after another the HTML documents that build printed (`<out>/.html/fr/participant/`, in the order of `jobs.json` when present), JavaScript disabled, no request interception; only `page.goto` + `page.pdf` are timed. **ratio** = one edition / floor.',
    '- **all 4 outputs**: `build()` of both languages and editions (interiors and covers) into a fresh output folder with a fresh cache. **all/floor** compares it with the single-edition floor.',
    '- **incremental**: one sentence in the middle of the French chapter N/2 changed, then all outputs rebuilt into the folder of the last all-outputs run with the cache it left warm (one run). **incremental/all** = incremental / all 4 outputs.',
    '- **one edition incremental**: one sentence of the French chapter N/3 changed, then fr/participant rebuilt into the one-edition folder with the cache it left warm; the PDF is checked as below and, after a build from scratch (no cache) into another folder, compared byte for byte. **incremental/one edition** = one edition incremental / one edition. **nothing changed**: the same build run again at once (it must report the outputs up to date).',
    '- **dev preview**: `coursebook dev` (the library\'s startDevServer) on the course, fr/participant; one sentence appended to the French chapter 2N/3 and saved, three times; the time from the save until the server serves the rebuilt interior (its version goes up), median of the three; the served PDF must then hold all three sentences.',
    '- **peak RSS**: highest sum of VmRSS over this node process and all its descendants (Chromium\'s processes), sampled every 200 ms from a worker thread during *all 4 outputs* (the highest of its runs); shared pages count once per process, so it overstates real use (peak PSS is in the notes; it is read only when the RSS sum has grown by 2 % since its last reading, as reading it costs the build CPU).',
    '- The notes give, for each build, the CPU time spent in node (all its threads, the 200 ms sampler included) and in its child processes (Chromium\'s, sampled from /proc every 200 ms), and the 1-minute load average just before it: the machine may be shared, and a load well above 0 means other work took CPU time from the build, which inflates wall times more than CPU times.',
    '- **checks**: the rebuilt fr/participant PDF read back with pdf.js (`test/helpers/read-pdf.ts`): the new sentence is there and the old one gone; every TOC entry\'s printed number is the page label of the page holding its heading (as in `test/e2e/print-ready.test.ts`); the manifest lists 8 outputs.',
    '',
  );
  return lines.join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
