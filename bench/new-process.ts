/**
 * The author's loop as a user runs it: each build is a new `coursebook build`
 * process (fresh-build.ts), not a call in the benchmark's warm process. One
 * edition (fr/participant) built from an empty cache, then again after one
 * sentence of one chapter changed, then again with nothing changed; each
 * process pays for loading coursebook's modules and starting its threads and
 * browser, and finds only what the build cache on disk holds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshProcessBuild, type FreshBuild } from './fresh-build.ts';
import type { GeneratedCourse } from './generate-course.ts';
import { reviseMarker } from './incremental.ts';
import type { NewProcessTimes } from './results-markdown.ts';
import { verifyRebuiltBook, type CheckResult } from './verify.ts';

export interface NewProcessRow {
  newProcess?: NewProcessTimes;
  checks?: CheckResult[];
  notes: string[];
}

export interface NewProcessSetup {
  say: (line: string) => void;
  step: <R>(name: string, run: () => R | Promise<R>) => Promise<R | undefined>;
  clearCache: () => void;
  /** Longest a build may take, in ms. */
  limitMs: number;
}

const ONE = { lang: 'fr', edition: 'participant' };

/** The chapter edited here: none of the others the benchmark edits (N/3 one edition, N/2 all outputs, 2N/3 dev preview). */
export function newProcessTarget(chapters: number): number {
  return Math.max(1, Math.round(chapters / 4));
}

export async function benchOneEditionNewProcess(
  row: NewProcessRow,
  course: GeneratedCourse,
  chapters: number,
  outDir: string,
  setup: NewProcessSetup,
): Promise<void> {
  const loads: string[] = [];
  const run = (name: string, prepare: () => void = () => undefined): Promise<FreshBuild | undefined> =>
    setup.step(`one edition, new process: ${name}`, async () => {
      prepare();
      // A shared machine's other work inflates wall times: the 1-minute load average before each build goes in the note.
      loads.push((os.loadavg()[0] ?? 0).toFixed(2));
      const built = await freshProcessBuild(course.root, outDir, setup.limitMs, ONE);
      setup.say(`  done in ${built.seconds.toFixed(2)} s`);
      return built;
    });
  const full = await run('full build from an empty cache', () => {
    setup.clearCache();
    fs.rmSync(outDir, { recursive: true, force: true });
  });
  if (!full) return;
  let sentence = { file: '', before: '', after: '' };
  const rebuilt = await run('one sentence changed', () => (sentence = reviseMarker(course, newProcessTarget(chapters))));
  const { file: edited, before, after } = sentence;
  const same = rebuilt ? await run('nothing changed') : undefined;
  row.newProcess = {
    full: full.seconds,
    ...(rebuilt ? { rebuild: rebuilt.seconds } : {}),
    ...(same ? { noChange: same.seconds } : {}),
  };
  const ran =
    full.command === 'dist' ? '`node bin/coursebook.js build` (dist/)' : '`bench/build-once.ts` through tsx (dist/ was older than src/)';
  const cpu = (b: FreshBuild): string => (b.nodeCpu === null ? '?' : b.nodeCpu.toFixed(1));
  row.notes.push(
    `one edition, new process (${ran}, --lang fr --edition participant): full ${full.seconds.toFixed(2)} s (CPU ${cpu(full)} s in node)` +
      (rebuilt
        ? `; after one sentence of ${path.relative(course.root, edited)} changed ${rebuilt.seconds.toFixed(2)} s (CPU ${cpu(rebuilt)} s in node)`
        : '') +
      (same ? `; nothing changed ${same.seconds.toFixed(2)} s` : '') +
      `; load average before each: ${loads.join(', ')}`,
  );
  if (!rebuilt) return;
  const checks = (await verifyRebuiltBook(path.join(outDir, 'fr', 'participant.pdf'), after, before, chapters * 6)).map((check) => ({
    ...check,
    name: `new process: ${check.name}`,
  }));
  row.checks = [...(row.checks ?? []), ...checks];
  for (const check of checks) row.notes.push(`check ${check.ok ? 'passed' : 'FAILED'}: ${check.name}: ${check.detail}`);
}
