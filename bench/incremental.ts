/**
 * The author's loop in the benchmark, on the one-edition build's output and
 * warm cache: one sentence changed and the edition rebuilt; rebuilt again
 * with nothing changed (it must say the outputs are up to date); then built
 * from scratch, without cache, into another folder, whose PDFs must have
 * exactly the bytes of the incremental build.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BuildOptions, BuildResult } from '../src/build.ts';
import { markerSentence, type GeneratedCourse } from './generate-course.ts';
import { verifyRebuiltBook, type CheckResult } from './verify.ts';

interface Timed {
  seconds: number;
  result: BuildResult;
}

export interface IncrementalRow {
  oneIncremental?: number;
  noChange?: number;
  checks?: CheckResult[];
  notes: string[];
  errors: string[];
}

export interface BenchTools<T extends Timed> {
  say: (line: string) => void;
  timedBuild: (options: BuildOptions) => Promise<T>;
  freshBuild: (outDir: string, extra?: Partial<BuildOptions>) => Promise<T>;
  step: <R>(name: string, run: () => R | Promise<R>) => Promise<R | undefined>;
  note: (label: string, built: T) => void;
}

const ONE = { langs: ['fr'], editions: ['participant'] };
const FILES = ['fr/participant.pdf', 'fr/participant-cover.pdf'];

/** The chapter this measurement edits: not the one the all-outputs incremental build edits (N/2). */
export function oneEditionTarget(chapters: number): number {
  return Math.max(1, Math.round(chapters / 3));
}

export async function benchOneEditionIncremental<T extends Timed>(
  row: IncrementalRow,
  course: GeneratedCourse,
  chapters: number,
  outOne: string,
  outScratch: string,
  tools: BenchTools<T>,
): Promise<void> {
  const checks: CheckResult[] = [];
  let sentence = { before: '', after: '' };
  const edited = await tools.step('one edition, incremental', async () => {
    sentence = reviseMarker(course, oneEditionTarget(chapters));
    return tools.timedBuild({ root: course.root, outDir: outOne, ...ONE });
  });
  if (!edited) return;
  const { before, after } = sentence;
  row.oneIncremental = edited.seconds;
  tools.note('one edition, incremental', edited);
  for (const check of await verifyRebuiltBook(path.join(outOne, 'fr', 'participant.pdf'), after, before, chapters * 6)) {
    checks.push({ ...check, name: `one edition: ${check.name}` });
  }

  const same = await tools.step('one edition, nothing changed', () => tools.timedBuild({ root: course.root, outDir: outOne, ...ONE }));
  if (same) {
    row.noChange = same.seconds;
    tools.note('one edition, nothing changed', same);
    checks.push({
      name: 'nothing changed: up to date',
      ok: same.result.upToDate === true && same.result.printed === 0,
      detail: same.result.upToDate
        ? `reported up to date in ${same.seconds.toFixed(2)} s, nothing printed`
        : `rebuilt (${same.result.printed} printed)`,
    });
  }

  const scratch = await tools.step('one edition from scratch (byte comparison)', () => tools.freshBuild(outScratch, ONE));
  if (scratch) {
    const differing = FILES.filter((f) => !fs.readFileSync(path.join(outOne, f)).equals(fs.readFileSync(path.join(outScratch, f))));
    checks.push({
      name: 'incremental = full build',
      ok: differing.length === 0,
      detail: differing.length
        ? `bytes differ from a build from scratch: ${differing.join(', ')}`
        : `${FILES.join(', ')} byte-identical to a build from scratch`,
    });
  }
  row.checks = [...(row.checks ?? []), ...checks];
  for (const check of checks) row.notes.push(`check ${check.ok ? 'passed' : 'FAILED'}: ${check.name}: ${check.detail}`);
}

/**
 * Swaps the French marker sentence of chapter `n` for its other version and
 * says which was replaced by which. In a small course, two measurements may
 * edit the same chapter: the second revises the sentence back.
 */
export function reviseMarker(course: GeneratedCourse, n: number): { file: string; before: string; after: string } {
  const file = course.files.fr[n - 1];
  if (!file) throw new Error(`the generated course has no French chapter ${n}`);
  const original = markerSentence('fr', n, false);
  const revised = markerSentence('fr', n, true);
  const [before, after] = fs.readFileSync(file, 'utf8').includes(original) ? [original, revised] : [revised, original];
  replaceOnce(file, before, after);
  return { file, before, after };
}

function replaceOnce(file: string, before: string, after: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const count = text.split(before).length - 1;
  if (count !== 1) throw new Error(`expected the marker sentence once in ${file}, found it ${count} times`);
  fs.writeFileSync(file, text.replace(before, after));
}
