/**
 * `npm run bench [-- --sizes 10,40,80 | --quick] [--keep] [--timeout <minutes>]`
 *
 * For each course size N (chapters per language), on a synthetic course
 * generated into the temp folder:
 *   a. one edition (fr participant, keepHtml) with a fresh output folder and cache;
 *   b. the floor: the same browser printing once the HTML documents of (a);
 *   c. a/b;
 *   d. all outputs (2 languages × 2 editions), fresh output folder and cache:
 *      once in a fresh process, its process tree's peak memory sampled every
 *      200 ms (all-outputs.ts), then timed in this one;
 *   e. an incremental rebuild after one French sentence changed (cache warm),
 *      then checks on the rebuilt French participant PDF.
 *   h. one edition built by new `coursebook build` processes, as a user runs
 *      it: from an empty cache, after one sentence changed, nothing changed
 *      (new-process.ts).
 * Each size is measured in a node process of its own (after an untimed
 * warm-up build), one edition and floor taken in turns and every timing
 * repeated (`--repeat`, medians in the table). Prints a Markdown table and
 * writes it to bench/results.md. A size that fails is reported and the next
 * one still runs. No timing is asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { build, type BuildOptions, type BuildResult } from '../src/build.ts';
import { generateCourse, type GeneratedCourse } from './generate-course.ts';
import { launchFloorBrowser, measureFloor, type FloorResult } from './floor.ts';
import { TreeSampler, type TreeSample } from './process-tree.ts';
import { verifyRebuiltBook } from './verify.ts';
import { machineInfo, type MachineInfo } from './machine.ts';
import { benchOneEditionIncremental, reviseMarker } from './incremental.ts';
import { benchOneEditionNewProcess } from './new-process.ts';
import { measureDevLatency } from './dev-latency.ts';
import { benchAllOutputs } from './all-outputs.ts';
import { parseOptions, type Options } from './options.ts';
import { describeError, floorNote, median, resultsMarkdown, runsNote, type Row } from './results-markdown.ts';
import { projectChanges, projectChangeWarning, snapshotProject } from './project-changes.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
/** coursebook's own inputs: a change to any of them during a size invalidates the build cache and mixes two versions. */
const RESULTS_FILE = path.join(BENCH_DIR, 'results.md');
const CACHE_DIR = '.coursebook-cache';
/** Fixed build date, as in the end-to-end tests: the temp course is no git checkout, and without it the date would follow file times. */
const DEFAULT_SOURCE_DATE_EPOCH = '1767225600';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  process.env.SOURCE_DATE_EPOCH ??= DEFAULT_SOURCE_DATE_EPOCH;
  if (options.rowFile) return measureOneSize(options);
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
    if (!fs.existsSync(rowFile))
      return {
        row: { chapters: size, errors: [`size: its process ended (exit code ${code}) without a result`], notes: [] },
        browser: null,
      };
    return JSON.parse(fs.readFileSync(rowFile, 'utf8')) as { row: Row; browser: string | null };
  } finally {
    fs.rmSync(rowFile, { force: true });
  }
}

/** In the process started for one size: a warm-up build, the size's measurements, its row to `--row-file`. */
async function measureOneSize(options: Options): Promise<void> {
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
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- measureOneSize runs only in a child started with --row-file
  fs.writeFileSync(options.rowFile!, JSON.stringify({ row, browser: machine.browser === 'unknown' ? null : machine.browser }));
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
          if (machine.browser === 'unknown')
            machine.browser = `${browser.version} (${browser.resolved.source}: ${browser.resolved.executablePath})`;
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
    if (ones.length) {
      row.oneEdition = median(ones.map((b) => b.seconds));
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- inside `if (ones.length)`
      row.pages = ones[0]!.result.manifest.outputs.find(
        (o) => o.lang === 'fr' && o.edition === 'participant' && o.kind === 'interior',
      )?.pages;
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
    // h. one edition again, each build a new `coursebook build` process: from scratch, one sentence changed, nothing changed
    await benchOneEditionNewProcess(row, course, chapters, path.join(work, 'out-new-process'), {
      say,
      step: (name, run) => step(row, say, name, run),
      clearCache: () => clearCache(course),
      limitMs,
    });
    // g. the dev server's latency: save → the served interior holds the new sentence
    await step(row, say, 'dev preview latency', async () => {
      const latency = await measureDevLatency(course, chapters, say);
      row.devLatency = latency.seconds;
      row.notes.push(latency.note);
    });

    // d. all outputs: in a fresh process (the peak memory of the table), then in this one (the times)
    const outAll = path.join(work, 'out-all');
    const all = await benchAllOutputs(row, course, work, {
      say,
      timedBuild,
      freshBuild,
      step: (name, run) => step(row, say, name, run),
      note: (label, built) => noteBuild(row, label, built),
      repeat: options.repeat,
      limitMs,
      clearCache: () => clearCache(course),
    });
    // The incremental build starts from the last full build's outputs and cache.
    if (all) row.notes.push(cacheNote(course, 'after all outputs'));

    // e. incremental rebuild after one French sentence changed, then checks
    if (all) {
      let sentence = { file: '', before: '', after: '' };
      const rebuilt = await step(row, say, 'incremental', async () => {
        sentence = reviseMarker(course, Math.max(1, Math.round(chapters / 2)));
        return timedBuild({ root: course.root, outDir: outAll });
      });
      const { file: edited, before, after } = sentence;
      if (rebuilt) {
        row.incremental = rebuilt.seconds;
        noteBuild(row, 'incremental', rebuilt);
        const reprinted = (rebuilt.result as unknown as { printed?: unknown }).printed;
        if (typeof reprinted === 'number' && reprinted > 4) {
          row.notes.push(
            `incremental: ${reprinted} documents reprinted where the part holding the changed chapter in each French edition (and at most their covers) would do: something invalidated the cache`,
          );
        }
        row.notes.push(
          `incremental: changed one sentence of ${path.relative(course.root, edited)}; ${changedOutputs(all.result, rebuilt.result)}`,
        );
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
  say(
    `  done in ${seconds.toFixed(1)} s (CPU: node ${timed.nodeCpu.toFixed(1)} s, browser ${tree?.descendantsCpuSeconds.toFixed(1) ?? '?'} s)`,
  );
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

function noteBuild(row: Row, label: string, built: TimedBuild): void {
  const { result } = built;
  // `printed` and `reused` come with the build cache; builds without it do not report them.
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
  if (!fs.existsSync(dir)) return `no ${CACHE_DIR} ${when} (no build cache in this coursebook)`;
  let files = 0;
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return `${CACHE_DIR} ${when}: ${files} file(s), ${(bytes / 1024 ** 2).toFixed(1)} MB`;
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

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
