/**
 * What a build leaves in its output folder: the same bytes for the same
 * inputs, nothing at all when it fails (the previous outputs stay as they
 * were), and never two builds writing one folder at once.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildResult } from '../../src/build.ts';
import { BuildFailedError } from '../../src/diagnostics/diagnostic.ts';
import { chapter, deadPid, leftovers, snapshot, SOURCE_DATE_EPOCH, tempArea, writeCourse, type CourseFiles } from './helpers.ts';

const area = tempArea('outputs');
const CH = 'content/en/01-a.md';

const COURSE: CourseFiles = {
  [CH]: chapter(
    'Keeping the vault',
    'A branch keeps only the cash it needs for the day; see [the limits](#sec:limits) and [@sec:limits].',
    '',
    '## Daily limits {#sec:limits}',
    '',
    'The cash limit of a branch is set from its average daily outflow, plus a safety margin.',
  ),
  'content/en/02-b.md': chapter('Counting', 'At closing time the teller counts the cash by denomination.'),
};

const quiet = { log: () => undefined, jobs: 1 };
const previousEpoch = process.env.SOURCE_DATE_EPOCH;
let courseA = '';
let outA = '';
let first: BuildResult;

beforeAll(async () => {
  process.env.SOURCE_DATE_EPOCH = SOURCE_DATE_EPOCH;
  courseA = writeCourse(area.dir, COURSE);
  outA = path.join(area.dir, 'out-a');
  first = await build({ root: courseA, outDir: outA, ...quiet });
}, 120_000);

afterAll(() => {
  process.env.SOURCE_DATE_EPOCH = previousEpoch;
  if (previousEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  area.cleanup();
});

/** The files a build writes, without the lock (there is none when no build runs). */
const pdfsAndManifest = (dir: string): Record<string, string> =>
  Object.fromEntries(Object.entries(snapshot(dir)).filter(([file]) => /\.pdf$|^manifest\.json$/.test(file)));

describe('reproducible', () => {
  test('two copies of a course built into two folders with the same SOURCE_DATE_EPOCH give identical PDFs and manifest', async () => {
    // A second copy of the course: nothing can be reused from the first build.
    const courseB = writeCourse(area.dir, COURSE);
    const outB = path.join(area.dir, 'out-b');
    const second = await build({ root: courseB, outDir: outB, ...quiet });
    const a = pdfsAndManifest(outA);
    expect(Object.keys(a).sort()).toEqual(['en/participant-cover.pdf', 'en/participant.pdf', 'manifest.json']);
    expect(pdfsAndManifest(outB)).toEqual(a);
    expect(fs.readFileSync(path.join(outB, 'manifest.json'), 'utf8')).toBe(fs.readFileSync(path.join(outA, 'manifest.json'), 'utf8'));
    expect(second.manifest).toEqual(first.manifest);
  }, 120_000);

  test('the same bytes whichever browser tab printed which document (--jobs 1 and 2)', async () => {
    // Chromium numbers table header cells after counters that run across a tab's documents:
    // one tab printing everything, or two sharing the work, must not change a byte.
    const withTable: CourseFiles = {
      ...COURSE,
      'content/en/02-b.md': chapter(
        'Counting',
        'At closing time the teller counts the cash by denomination.',
        '',
        '| Denomination | Count | Amount |',
        '|---|---:|---:|',
        '| 1,000 | 12 | 12,000 |',
        '| 500 | 7 | 3,500 |',
      ),
    };
    const outputs = [];
    for (const jobs of [1, 2]) {
      const root = writeCourse(area.dir, withTable);
      const outDir = path.join(area.dir, `out-jobs-${jobs}`);
      await build({ root, outDir, ...quiet, jobs });
      outputs.push(pdfsAndManifest(outDir));
    }
    expect(Object.keys(outputs[0]!)).toContain('en/participant.pdf');
    expect(outputs[1]).toEqual(outputs[0]);
  }, 120_000);
});

describe('atomic', () => {
  test('a build that fails before printing leaves the previous outputs byte-identical and no staging or temp file', async () => {
    const before = snapshot(outA);
    fs.writeFileSync(path.join(courseA, CH), chapter('Keeping the vault', '::: warning', 'Careful.', ':::'));
    try {
      await expect(build({ root: courseA, outDir: outA, ...quiet })).rejects.toMatchObject({
        diagnostics: expect.arrayContaining([expect.objectContaining({ code: 'markdown/unknown-div', file: CH, line: 5 })]),
      });
      expect(snapshot(outA)).toEqual(before);
      expect(leftovers(outA)).toEqual([]);
      expect(leftovers(courseA)).toEqual([]);
    } finally {
      fs.writeFileSync(path.join(courseA, CH), COURSE[CH]!);
    }
  }, 120_000);

  test('a build that fails after printing its interior (the cover template breaks) leaves the previous outputs byte-identical', async () => {
    const before = snapshot(outA);
    // Changed text, so the interior printed by this build differs from the one in the folder.
    fs.writeFileSync(path.join(courseA, 'content/en/02-b.md'), chapter('Counting', 'At closing time two people count the cash.'));
    const cover = path.join(courseA, 'templates/cover.hbs');
    fs.mkdirSync(path.dirname(cover), { recursive: true });
    fs.writeFileSync(cover, '<!DOCTYPE html>\n<html><body>\n<h1>{{shout book.title}}</h1>\n</body></html>\n');
    try {
      let failure: unknown = null;
      try {
        await build({ root: courseA, outDir: outA, ...quiet });
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(BuildFailedError);
      expect((failure as BuildFailedError).diagnostics).toContainEqual(
        expect.objectContaining({ code: 'layout/unknown-helper', file: 'templates/cover.hbs', line: 3 }),
      );
      expect(snapshot(outA)).toEqual(before);
      expect(leftovers(outA)).toEqual([]);
      expect(leftovers(courseA)).toEqual([]);
    } finally {
      fs.rmSync(path.join(courseA, 'templates'), { recursive: true, force: true });
      fs.writeFileSync(path.join(courseA, 'content/en/02-b.md'), COURSE['content/en/02-b.md']!);
    }
  }, 120_000);
});

describe('locked', () => {
  let holder: ChildProcess | null = null;
  afterAll(() => {
    holder?.kill('SIGKILL');
  });

  test('while a live process holds .coursebook.lock, a build fails saying another build is writing there, and touches nothing', async () => {
    holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    const lock = path.join(outA, '.coursebook.lock');
    fs.writeFileSync(lock, String(holder.pid));
    try {
      const before = snapshot(outA);
      await expect(build({ root: courseA, outDir: outA, ...quiet })).rejects.toThrow(
        new RegExp(`another coursebook build \\(process ${holder.pid}\\) is writing ${outA.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      // The other build's lock and the outputs are left alone.
      expect(snapshot(outA)).toEqual(before);
      expect(fs.readFileSync(lock, 'utf8')).toBe(String(holder.pid));
      expect(fs.readdirSync(outA).filter((f) => f.startsWith('.staging-'))).toEqual([]);
    } finally {
      holder.kill('SIGKILL');
      fs.rmSync(lock, { force: true });
    }
  }, 120_000);

  test('a stale lock (its process is gone) is taken over: the build succeeds and releases the lock', async () => {
    const lock = path.join(outA, '.coursebook.lock');
    fs.writeFileSync(lock, String(await deadPid()));
    const before = pdfsAndManifest(outA);
    const result = await build({ root: courseA, outDir: outA, ...quiet });
    expect(result.manifest).toEqual(first.manifest);
    // Same inputs, same SOURCE_DATE_EPOCH: the rebuilt files are the same bytes.
    expect(pdfsAndManifest(outA)).toEqual(before);
    expect(fs.existsSync(lock)).toBe(false);
    expect(leftovers(outA)).toEqual([]);
  }, 120_000);
});
