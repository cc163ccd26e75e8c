/**
 * Incremental builds: after an edit that moves the later pages, only the
 * edited part is printed again and the PDFs have exactly the bytes of a build
 * from scratch in a new process (no build cache, no remembered chapters); a build with nothing changed sees it before preparing
 * anything, says so and prints nothing; an output changed on disk is rebuilt.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildResult } from '../../src/build.ts';
import { runCli, SOURCE_DATE_EPOCH, tempArea, writeCourse } from '../robustness/helpers.ts';

const area = tempArea('incremental');
let root: string;
const out = (): string => path.join(area.dir, 'out');

const paragraph = (topic: string, n: number): string =>
  Array.from(
    { length: n },
    (_, i) => `The ${topic} rule number ${i + 1} says that every count is made by two people and written down at once.`,
  ).join(' ');
const chapterText = (title: string, extra = ''): string =>
  `---\ntitle: ${title}\n---\n\n## First part {#sec:${title.toLowerCase()}-first}\n\n${paragraph(title, 12)}\n\n${extra}\n\n## Second part\n\n${paragraph(title, 12)}\n\nSee [@sec:vault-first].\n`;

const previousEpoch = process.env.SOURCE_DATE_EPOCH;
beforeAll(async () => {
  process.env.SOURCE_DATE_EPOCH = SOURCE_DATE_EPOCH;
  root = writeCourse(area.dir, {
    'book.yaml': 'title: Incremental\nlanguages: [en]\neditions: [participant]\ntoc: { depth: 2 }\n',
    'content/en/01-a.md': chapterText('Vault'),
    'content/en/02-b.md': chapterText('Teller'),
    'content/en/03-c.md': chapterText('Ledger'),
  });
  await build({ root, outDir: out() });
}, 120_000);

afterAll(() => {
  if (previousEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = previousEpoch;
  area.cleanup();
});

const bytes = (dir: string, file: string): Buffer => fs.readFileSync(path.join(dir, file));

describe('incremental build', () => {
  let edited: BuildResult;

  it('reprints only the edited part, and writes the bytes a build from scratch writes', async () => {
    // A page's worth of text in the first chapter: every later page moves.
    fs.writeFileSync(path.join(root, 'content/en/01-a.md'), chapterText('Vault', paragraph('added', 40)));
    edited = await build({ root, outDir: out() });
    expect(edited.upToDate).toBeUndefined();
    expect(edited.printed).toBeLessThanOrEqual(2); // the part holding the chapter, and the cover whose spine grew
    expect(edited.reused).toBeGreaterThan(0);

    // From scratch in a process of its own: nothing remembered, nothing cached.
    const scratch = path.join(area.dir, 'scratch');
    expect((await runCli(['build', '--root', root, '--out', scratch, '--no-cache'], 120_000)).code).toBe(0);
    for (const file of ['en/participant.pdf', 'en/participant-cover.pdf', 'manifest.json']) {
      expect(bytes(out(), file).equals(bytes(scratch, file))).toBe(true);
    }
  }, 120_000);

  it('sees that nothing changed before preparing anything, says so, and prints nothing', async () => {
    const lines: string[] = [];
    const started = performance.now();
    const again = await build({ root, outDir: out(), log: (line) => lines.push(line) });
    const seconds = (performance.now() - started) / 1000;
    expect(again.upToDate).toBe(true);
    expect(again.printed).toBe(0);
    expect(lines.join('\n')).toMatch(/nothing changed.*up to date/);
    expect(again.manifest).toEqual(edited.manifest);
    expect(seconds).toBeLessThan(5); // no browser started (a generous bound on a shared machine)
  }, 60_000);

  it('rebuilds when an output was changed on disk, or into another output folder', async () => {
    const pdf = path.join(out(), 'en/participant.pdf');
    const good = fs.readFileSync(pdf);
    fs.appendFileSync(pdf, '% tampered\n');
    const repaired = await build({ root, outDir: out() });
    expect(repaired.upToDate).toBeUndefined();
    expect(fs.readFileSync(pdf).equals(good)).toBe(true);

    const otherFolder = await build({ root, outDir: path.join(area.dir, 'other') });
    expect(otherFolder.upToDate).toBeUndefined(); // a record is for one output folder
  }, 120_000);

  it('replays the warnings of the build that made the outputs, and --strict still fails on them', async () => {
    fs.writeFileSync(path.join(root, 'content/en/04-d.md'), '---\ntitle: Extra\nduraton: 1 h\n---\n\nText.\n');
    const first = await build({ root, outDir: out() });
    const warnings = first.diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings.map((w) => w.code)).toContain('content/front-matter-key'); // "duraton": did you mean "duration"?
    const again = await build({ root, outDir: out() });
    expect(again.upToDate).toBe(true);
    expect(again.diagnostics).toEqual(first.diagnostics);
    await expect(build({ root, outDir: out(), strict: true })).rejects.toThrow();
  }, 120_000);

  // Last: the command runs the compiled code, whose builds the in-process ones above do not count as theirs.
  it('rebuilt in a new process, reuses what an earlier process kept of the unchanged parts, and writes the bytes a build from scratch writes', async () => {
    const records = (): Map<string, number> => {
      const dir = path.join(root, '.coursebook-cache', 'derived');
      return new Map(fs.readdirSync(dir).map((name) => [name, fs.statSync(path.join(dir, name)).mtimeMs]));
    };
    expect((await runCli(['build', '--root', root, '--out', out()], 120_000)).code).toBe(0);
    fs.writeFileSync(path.join(root, 'content/en/03-c.md'), chapterText('Ledger', paragraph('revised', 3)));
    const before = records();
    // What the first process kept: leak-guard probes (none here), untagged painting, folio fonts, each edition's parts.
    for (const kind of ['.leak-probes', '.untagged-', '.font-records-', '.edition-parts']) {
      expect([kind, [...before.keys()].some((name) => name.includes(kind))]).toEqual([kind, true]);
    }
    expect((await runCli(['build', '--root', root, '--out', out()], 120_000)).code).toBe(0);
    const after = records();
    // The unchanged parts' records were read, not made again; the edited part's is new.
    const untagged = (names: Iterable<string>): string[] => [...names].filter((name) => name.includes('.untagged-'));
    const kept = untagged(after.keys()).filter((name) => before.has(name));
    expect(kept.length).toBeGreaterThan(0);
    for (const name of kept) expect(after.get(name)).toBe(before.get(name));
    expect(untagged(after.keys()).filter((name) => !before.has(name))).toHaveLength(1);

    const scratch = path.join(area.dir, 'scratch-2');
    expect((await runCli(['build', '--root', root, '--out', scratch, '--no-cache'], 120_000)).code).toBe(0);
    for (const file of ['en/participant.pdf', 'en/participant-cover.pdf', 'manifest.json']) {
      expect(bytes(out(), file).equals(bytes(scratch, file))).toBe(true);
    }
  }, 240_000);
});
