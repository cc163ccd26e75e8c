/**
 * `init`, `proof` and `diff` through the real CLI: the course init writes
 * builds at once with --strict; proof draws every spread and a contact sheet
 * per chapter of it; after an edit that adds a page, diff reports the added
 * page and the changed ones, not every later page, with an HTML report and
 * JSON, and exits like diff(1).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { runCli, tempArea } from '../robustness/helpers.ts';
import { readPdf } from '../helpers/read-pdf.ts';

const area = tempArea('author-tools');
const course = path.join(area.dir, 'course');
const oldOut = path.join(area.dir, 'old');
const newOut = path.join(area.dir, 'new');

const added = Array.from(
  { length: 36 },
  (_, i) =>
    `Paragraph ${i + 1} of a long addition: the treasurer counts the box in front of every member and writes the total in the record before the meeting moves on.`,
).join('\n\n');

beforeAll(async () => {
  const init = await runCli(['init', course, '--langs', 'en,fr']);
  expect(init.code).toBe(0);
  const built = await runCli(['build', '--root', course, '--out', oldOut, '--strict'], 180_000);
  expect(built.stderr).not.toMatch(/warning|error/);
  expect(built.code).toBe(0);
}, 240_000);

afterAll(() => area.cleanup());

describe('coursebook init', () => {
  it('writes a commented book.yaml, two languages and a chapter with every construct, which builds with --strict', async () => {
    const yaml = fs.readFileSync(path.join(course, 'book.yaml'), 'utf8');
    expect(yaml).toMatch(/^# /m);
    expect(yaml).toMatch(/languages: \[en, fr\]/);
    expect(yaml).toMatch(/styles\//);
    expect(yaml).toMatch(/templates\//);
    const chapter = fs.readFileSync(path.join(course, 'content/en/01-first-steps.md'), 'utf8');
    for (const construct of [
      '::: trainer',
      '::: participant',
      '::: answer',
      '::: exercise',
      '::: keypoint',
      '{#fig:',
      '{#tbl:',
      '[^',
      '[@sec:',
      '[@fig:',
      '[@tbl:',
      '[@ch:',
    ]) {
      expect(chapter).toContain(construct);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(oldOut, 'manifest.json'), 'utf8')) as { outputs: { file: string }[] };
    expect(manifest.outputs.map((o) => o.file).sort()).toEqual(
      [
        'en/participant.pdf',
        'en/participant-cover.pdf',
        'en/trainer.pdf',
        'en/trainer-cover.pdf',
        'fr/participant.pdf',
        'fr/participant-cover.pdf',
        'fr/trainer.pdf',
        'fr/trainer-cover.pdf',
      ].sort(),
    );
    // The trainer edition has the answer, the participant edition does not.
    const trainer = (await readPdf(path.join(oldOut, 'en/trainer.pdf'))).pages.map((p) => p.text).join('\n');
    const participant = (await readPdf(path.join(oldOut, 'en/participant.pdf'))).pages.map((p) => p.text).join('\n');
    expect(trainer).toMatch(/2,000 francs/);
    expect(participant).not.toMatch(/2,000 francs/);
  });

  it('refuses a folder that holds a course, and leaves it as it was', async () => {
    const before = fs.readFileSync(path.join(course, 'book.yaml'));
    const again = await runCli(['init', course]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds a course/);
    expect(fs.readFileSync(path.join(course, 'book.yaml')).equals(before)).toBe(true);
  });
});

describe('coursebook proof', () => {
  it('draws every spread and one contact sheet per chapter (and the front matter)', async () => {
    const proofDir = path.join(area.dir, 'proof');
    const result = await runCli(
      ['proof', '--root', course, '--from', oldOut, '--lang', 'en', '--edition', 'participant', '--out', proofDir],
      120_000,
    );
    expect(result.code).toBe(0);
    const dir = path.join(proofDir, 'en', 'participant');
    const pages = (await readPdf(path.join(oldOut, 'en/participant.pdf'))).numPages;
    const files = fs.readdirSync(dir);
    const spreads = files.filter((f) => f.startsWith('spread-'));
    expect(spreads).toHaveLength(Math.floor(pages / 2) + 1); // page 1 alone, then pairs
    expect(files.filter((f) => f.startsWith('sheet-'))).toHaveLength(3); // front matter + 2 chapters
    const spread = PNG.sync.read(fs.readFileSync(path.join(dir, spreads[1]!)));
    expect(spread.width).toBeGreaterThan(spread.height); // two pages side by side
    expect(files).toContain('index.html');
  }, 120_000);
});

describe('coursebook diff', () => {
  beforeAll(async () => {
    const file = path.join(course, 'content/en/01-first-steps.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('## The record {#sec:record}', `${added}\n\n## The record {#sec:record}`));
    const rebuilt = await runCli(['build', '--root', course, '--out', newOut, '--lang', 'en', '--edition', 'participant'], 180_000);
    expect(rebuilt.code).toBe(0);
  }, 240_000);

  it('reports the added pages and the changed ones, not the pages that only moved; JSON and HTML; exit 1', async () => {
    const report = path.join(area.dir, 'diff');
    const result = await runCli(
      ['diff', path.join(oldOut, 'en/participant.pdf'), path.join(newOut, 'en/participant.pdf'), '--out', report, '--reporter', 'json'],
      120_000,
    );
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as {
      changed: boolean;
      files: {
        added: unknown[];
        removed: unknown[];
        changed: { newLabel: string; textDiff: { added: boolean; value: string }[]; images: Record<string, string> }[];
        moved: number;
        newPages: number;
      }[];
    };
    const file = summary.files[0]!;
    expect(summary.changed).toBe(true);
    expect(file.added.length).toBeGreaterThanOrEqual(1);
    expect(file.moved).toBeGreaterThanOrEqual(1); // chapter 2 moved down without changing
    expect(file.changed.length).toBeLessThan(file.newPages / 2);
    const withAddition = file.changed.find((p) =>
      p.textDiff.some((part) => part.added && /Paragraph \d+ of a long addition/.test(part.value)),
    );
    expect(withAddition).toBeDefined();
    for (const image of Object.values(withAddition!.images)) expect(fs.existsSync(image)).toBe(true);
    const html = fs.readFileSync(path.join(report, 'report.html'), 'utf8');
    expect(html).toContain('changed pixels');
    expect(html).toContain(path.basename(withAddition!.images.diff!));
  }, 120_000);

  it('compares two output folders PDF by PDF, naming those only one of them has', async () => {
    const result = await runCli(['diff', oldOut, newOut, '--out', path.join(area.dir, 'diff-folders'), '--reporter', 'json'], 120_000);
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as { files: { name: string }[]; onlyInOld: string[]; onlyInNew: string[] };
    expect(summary.files.map((f) => f.name)).toEqual(['en/participant-cover.pdf', 'en/participant.pdf']);
    expect(summary.onlyInOld).toContain('fr/trainer.pdf');
    expect(summary.onlyInNew).toEqual([]);
  }, 120_000);

  it('exits 0 when nothing changed and 2 on an error', async () => {
    const same = await runCli(
      ['diff', path.join(oldOut, 'en/participant.pdf'), path.join(oldOut, 'en/participant.pdf'), '--out', path.join(area.dir, 'diff-same')],
      120_000,
    );
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/nothing changed/);
    const broken = await runCli(['diff', path.join(area.dir, 'missing'), oldOut, '--out', path.join(area.dir, 'diff-err')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/does not exist/);
  }, 120_000);
});
