/** The benchmark's results: one row per course size, the Markdown table and notes written to bench/results.md. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FloorResult } from './floor.ts';
import type { MachineInfo } from './machine.ts';
import type { Options } from './options.ts';
import type { TreeSample } from './process-tree.ts';
import type { CheckResult } from './verify.ts';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Row {
  chapters: number;
  pages?: number;
  oneEdition?: number;
  floor?: number;
  all?: number;
  incremental?: number;
  /** One edition rebuilt after one sentence changed (cache warm), and rebuilt again with nothing changed. */
  oneIncremental?: number;
  noChange?: number;
  /** One edition built by new `coursebook build` processes (new-process.ts). */
  newProcess?: NewProcessTimes;
  /** `coursebook dev`: seconds from saving one sentence to the served interior holding it. */
  devLatency?: number;
  /** All outputs built in a fresh process (fresh-build.ts). */
  memory?: TreeSample;
  checks?: CheckResult[];
  errors: string[];
  notes: string[];
}

/** Seconds of new-process builds of one edition: from an empty cache, after one sentence changed, with nothing changed. */
export interface NewProcessTimes {
  full: number;
  rebuild?: number;
  noChange?: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- called with at least one value; middle and middle - 1 are within it
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function runsNote(values: number[]): string {
  return `${values.map((v) => `${v.toFixed(1)} s`).join(', ')} (median ${median(values).toFixed(1)} s)`;
}

export function floorNote(floor: FloorResult & { launchedBy: string }, of: string): string {
  const list =
    floor.documents.length <= 4
      ? floor.documents.map((d) => `${d.file} ${d.seconds.toFixed(1)} s`).join(', ')
      : `slowest ${[...floor.documents]
          .sort((a, b) => b.seconds - a.seconds)
          .slice(0, 3)
          .map((d) => `${d.file} ${d.seconds.toFixed(1)} s`)
          .join(', ')}`;
  return `floor${of}: ${floor.seconds.toFixed(1)} s, ${floor.documents.length} document(s) from ${floor.source}, browser launched by ${floor.launchedBy} (${list})`;
}

/** The commit of coursebook that was measured, and whether its src/, styles/ or templates/ had uncommitted changes. */
function coursebookRevision(): string {
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'src', 'styles', 'templates').split('\n').filter(Boolean).length;
    return dirty ? `commit ${commit} with ${dirty} uncommitted change(s) in src/, styles/, templates/` : `commit ${commit}`;
  } catch {
    return 'unknown revision (not a git checkout)';
  }
}

const dash = '—';
const seconds = (v: number | undefined): string => (v === undefined ? dash : v.toFixed(1));
const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined || b === 0 ? dash : (a / b).toFixed(2);

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

/** The one-edition builds run as new processes, as a user's `coursebook build`: a table of their own, beside the main one. */
function newProcessTable(rows: Row[]): string[] {
  const measured = rows.filter((row) => row.newProcess);
  if (!measured.length) return [];
  const header = ['chapters', 'one edition, new process: full (s)', 'one-sentence rebuild (s)', 'rebuild/full', 'nothing changed (s)'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---:').join('|')}|`];
  for (const row of measured) {
    const times = row.newProcess;
    lines.push(
      `| ${[
        row.chapters,
        seconds(times?.full),
        seconds(times?.rebuild),
        ratio(times?.rebuild, times?.full),
        times?.noChange === undefined ? dash : times.noChange.toFixed(2),
      ].join(' | ')} |`,
    );
  }
  return ['', lines.join('\n')];
}

const revision = coursebookRevision();

export function resultsMarkdown(rows: Row[], machine: MachineInfo, started: Date, options: Options): string {
  const lines = [
    '# coursebook benchmark',
    '',
    resultsTable(rows),
    ...newProcessTable(rows),
    '',
    `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench\` (sizes ${options.sizes.join(', ')}), coursebook ${revision}, on ` +
      `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb.toFixed(0)} GB RAM, ${machine.os}; ` +
      `Node ${machine.node}; browser ${machine.browser}. Builds use the library defaults ` +
      `(documents printed in parallel: ${machine.cores}, build cache on); SOURCE_DATE_EPOCH=${process.env.SOURCE_DATE_EPOCH}; each size measured in a node process of its own, after an untimed warm-up build.`,
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
    '- **one edition, new process**: fr/participant built by a new `coursebook build --lang fr --edition participant` process each time (`node bin/coursebook.js`, or `bench/build-once.ts` through tsx when dist/ is older than the sources), as a user runs it: from an empty cache and output folder (**full**), then after one sentence of the French chapter N/4 changed (**one-sentence rebuild**, checked as below), then with nothing changed. Each process loads coursebook, starts its assembly thread and browser, and finds only what `.coursebook-cache` holds. **rebuild/full** = one-sentence rebuild / full.',
    "- **dev preview**: `coursebook dev` (the library's startDevServer) on the course, fr/participant; one sentence appended to the French chapter 2N/3 and saved, three times; the time from the save until the server serves the rebuilt interior (its version goes up), median of the three; the served PDF must then hold all three sentences.",
    "- **peak RSS**: highest sum of VmRSS over a fresh node process building all 4 outputs (`node bin/coursebook.js build`, as a user runs it, or `bench/build-once.ts` through tsx when dist/ is older than the sources) and all its descendants (Chromium's processes), sampled every 200 ms from a worker thread of the benchmark, from an empty output folder and cache; shared pages count once per process, so it overstates real use (peak PSS is in the notes; it is read only when the RSS sum has grown by 2 % since its last reading). The notes also give the peak of the in-process all-outputs runs, which come after the other phases in the same process and so also hold what those left in its heap.",
    "- The notes give, for each build, the CPU time spent in node (all its threads, the 200 ms sampler included) and in its child processes (Chromium's, sampled from /proc every 200 ms), and the 1-minute load average just before it: the machine may be shared, and a load well above 0 means other work took CPU time from the build, which inflates wall times more than CPU times.",
    "- **checks**: the rebuilt fr/participant PDF read back with pdf.js (`test/helpers/read-pdf.ts`): the new sentence is there and the old one gone; every TOC entry's printed number is the page label of the page holding its heading (as in `test/e2e/print-ready.test.ts`); the manifest lists 8 outputs.",
    '',
  );
  return lines.join('\n');
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const diagnostics = (error as { diagnostics?: { severity: string; code: string; message: string; file?: string; line?: number }[] })
    .diagnostics;
  if (Array.isArray(diagnostics) && diagnostics.length) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const shown = (errors.length ? errors : diagnostics).slice(0, 3);
    return `${error.message} — ${shown.map((d) => `[${d.code}] ${d.file ?? ''}${d.line ? `:${d.line}` : ''} ${d.message}`).join('; ')}`;
  }
  return error.message.split('\n')[0] ?? error.message;
}
