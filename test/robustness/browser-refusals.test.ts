/**
 * What the print browser could not load is said, not silently left out: a
 * font a stylesheet names that does not exist and an image a chapter's raw
 * HTML points at become warnings at the line that asked for them, again when
 * the printed part is reused from the cache, and errors under --strict.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildResult } from '../../src/build.ts';
import { BuildFailedError, type Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { chapter, SOURCE_DATE_EPOCH, snapshot, tempArea, writeCourse } from './helpers.ts';

const area = tempArea('refusals');
const CH = 'content/en/01-a.md';
const STYLE = 'styles/extra.css';
let root = '';
let first: BuildResult;
let again: BuildResult;
const previousEpoch = process.env.SOURCE_DATE_EPOCH;

const missingLoads = (diagnostics: Diagnostic[]): unknown[] =>
  diagnostics
    .filter((d) => d.code === 'print/failed-request')
    .map((d) => ({ file: d.file, line: d.line, severity: d.severity, names: d.message.match(/(absent\.png|missing\.woff2)/)?.[1] }))
    .sort((a, b) => String(a.file).localeCompare(String(b.file)));

beforeAll(async () => {
  process.env.SOURCE_DATE_EPOCH = SOURCE_DATE_EPOCH;
  root = writeCourse(area.dir, {
    [CH]: chapter('Alpha', 'A paragraph.', '', '<img src="images/absent.png" alt="a chart that is not there">'),
    [STYLE]:
      '/* A face whose file was never copied into the course. */\n\n@font-face { font-family: "Missing Face"; src: url(fonts/missing.woff2); }\n.chapter-body p { font-family: "Missing Face", serif; }\n',
  });
  first = await build({ root, jobs: 1, log: () => undefined });
  again = await build({ root, jobs: 1, log: () => undefined });
}, 120_000);

afterAll(() => {
  process.env.SOURCE_DATE_EPOCH = previousEpoch;
  if (previousEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  area.cleanup();
});

describe('requests the print browser could not complete', () => {
  test('are warnings at the chapter line and the stylesheet line that asked for them, once each', () => {
    expect(missingLoads(first.diagnostics)).toEqual([
      { file: CH, line: 7, severity: 'warning', names: 'absent.png' },
      { file: STYLE, line: 3, severity: 'warning', names: 'missing.woff2' },
    ]);
  });

  test('are reported again when the printed part comes from the cache', () => {
    expect(again.printed).toBe(0);
    expect(missingLoads(again.diagnostics)).toEqual(missingLoads(first.diagnostics));
  });

  test('fail the build under --strict, and nothing is written', async () => {
    const before = snapshot(path.join(root, 'output'));
    fs.appendFileSync(path.join(root, CH), '\nOne more sentence.\n');
    const failure = await build({ root, jobs: 1, strict: true, log: () => undefined }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(BuildFailedError);
    expect((failure as BuildFailedError).diagnostics).toContainEqual(
      expect.objectContaining({ code: 'print/failed-request', file: CH, line: 7 }),
    );
    expect(snapshot(path.join(root, 'output'))).toEqual(before);
  });
});
