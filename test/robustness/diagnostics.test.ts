/**
 * Every problem an author can make is reported by `build()` as a
 * BuildFailedError whose diagnostics name the code, the file (relative to the
 * course) and the line, and column where one is meaningful. These all fail
 * before the browser starts; only the last CLI test prints a book.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { build } from '../../src/build.ts';
import { loadBookConfig } from '../../src/config/load-config.ts';
import { loadChapters } from '../../src/content/load-chapters.ts';
import { BuildFailedError, DiagnosticBag, type Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { parseChapter } from '../../src/markdown/parse-chapter.ts';
import { renderChapterBody } from '../../src/markdown/render-chapter.ts';
import { textTransformsFor } from '../../src/markdown/text-transform.ts';
import type { RefIndex } from '../../src/markdown/types.ts';
import { BOOK_YAML, chapter, runCli, tempArea, writeCourse, type CourseFiles } from './helpers.ts';

const area = tempArea('diagnostics');
afterAll(() => area.cleanup());

/** Builds a course that must fail; returns the error. */
async function failingBuild(files: CourseFiles, strict = false): Promise<BuildFailedError> {
  const root = writeCourse(area.dir, files);
  try {
    await build({ root, outDir: path.join(root, 'output'), strict, log: () => undefined });
  } catch (error) {
    if (error instanceof BuildFailedError) return error;
    throw error;
  }
  throw new Error('the build succeeded; it should have failed');
}

const CH = 'content/en/01-a.md';

interface Case {
  name: string;
  files: CourseFiles;
  expected: Partial<Diagnostic> & { code: string; file: string; line: number };
  /** A part of the message, to be sure the right problem was found. */
  message?: RegExp;
}

const CASES: Case[] = [
  {
    name: 'book.yaml: unclosed flow list (reported where the "[" opens, not on the next line)',
    files: { 'book.yaml': 'title: Robustness\nlanguages: [en\neditions: [participant]\n' },
    expected: { code: 'config/yaml', file: 'book.yaml', line: 2, column: 12 },
  },
  {
    name: 'book.yaml: unclosed quote on the last line',
    files: { 'book.yaml': 'languages: [en]\neditions: [participant]\ntitle: "Managing cash\n' },
    expected: { code: 'config/yaml', file: 'book.yaml', line: 3, column: 8 },
  },
  {
    name: 'book.yaml: duplicate key',
    files: { 'book.yaml': 'title: Robustness\nlanguages: [en]\ntitle: Again\n' },
    expected: { code: 'config/yaml', file: 'book.yaml', line: 3, column: 1 },
    message: /unique/,
  },
  {
    name: 'book.yaml: schema, unknown key (with a "did you mean")',
    files: { 'book.yaml': `${BOOK_YAML}page:\n  size: A5\n  gutters: 8mm\n` },
    expected: {
      code: 'config/schema',
      file: 'book.yaml',
      line: 6,
      column: 3,
      hint: expect.stringContaining('did you mean "gutter"') as never,
    },
    message: /unknown key "gutters" in page/,
  },
  {
    name: 'book.yaml: schema, wrong type (text instead of a list)',
    files: { 'book.yaml': 'title: Robustness\nlanguages: en\n' },
    expected: { code: 'config/schema', file: 'book.yaml', line: 2, column: 12 },
    message: /languages must be a list/,
  },
  {
    name: 'book.yaml: schema, wrong type (text instead of a whole number)',
    files: { 'book.yaml': `${BOOK_YAML}toc:\n  depth: two\n` },
    expected: { code: 'config/schema', file: 'book.yaml', line: 5, column: 10 },
    message: /toc\.depth must be a whole number/,
  },
  {
    name: 'front matter: invalid YAML (unclosed list)',
    files: { [CH]: '---\ntitle: Alpha\nobjectives: [count the cash, sign the book\n---\n\nText.\n' },
    expected: { code: 'content/front-matter', file: CH, line: 3, column: 13 },
  },
  {
    name: 'front matter: invalid YAML (": " in a plain value)',
    files: { [CH]: '---\ntitle: Cash: the basics\n---\n\nText.\n' },
    expected: { code: 'content/front-matter', file: CH, line: 2, column: 8 },
  },
  {
    name: 'template override: Handlebars syntax error',
    files: {
      'templates/partials/toc.hbs':
        '<nav class="toc" id="toc">\n  <h2>Contents</h2>\n  <ol>{{#each toc}}<li>{{title}</li>{{/each}}</ol>\n</nav>\n',
    },
    expected: { code: 'layout/template-syntax', file: 'templates/partials/toc.hbs', line: 3 },
  },
  {
    name: 'template override: block never closed (reported at its opening tag, not at the end of the file)',
    files: { 'templates/partials/toc.hbs': '<nav class="toc" id="toc">\n  {{#each toc}}\n  <p>{{title}}</p>\n</nav>\n' },
    expected: { code: 'layout/template-syntax', file: 'templates/partials/toc.hbs', line: 2, column: 3 },
    message: /each/,
  },
  {
    name: 'template override: mismatched block',
    files: { 'templates/partials/toc.hbs': '<nav class="toc" id="toc">\n{{#each toc}}\n  <p>{{title}}</p>\n{{/if}}\n</nav>\n' },
    expected: { code: 'layout/template-syntax', file: 'templates/partials/toc.hbs', line: 2, column: 4 },
    message: /each doesn't match if/,
  },
  {
    name: 'template override: unknown partial',
    files: { 'templates/partials/toc.hbs': '<nav class="toc" id="toc">\n  {{> table-of-everything}}\n</nav>\n' },
    expected: { code: 'layout/unknown-partial', file: 'templates/partials/toc.hbs', line: 2, column: 3 },
    message: /table-of-everything/,
  },
  {
    name: 'template override: unknown helper',
    files: { 'templates/partials/toc.hbs': '<nav class="toc" id="toc">\n  <h2>{{shout "Contents"}}</h2>\n</nav>\n' },
    expected: { code: 'layout/unknown-helper', file: 'templates/partials/toc.hbs', line: 2, column: 7 },
    message: /shout/,
  },
  {
    name: 'markdown: broken cross-reference',
    files: { [CH]: chapter('Alpha', 'Cash is counted twice.', '', 'As shown in [@fig:nope], it balances.') },
    expected: { code: 'markdown/unknown-ref', file: CH, line: 7, column: 13 },
    message: /fig:nope/,
  },
  {
    name: 'markdown: broken internal link',
    files: { [CH]: chapter('Alpha', '## Limits {#sec:limits}', '', 'Cash is counted twice ([see](#no-such-id)).') },
    expected: { code: 'markdown/broken-link', file: CH, line: 7, column: 24 },
    message: /#no-such-id/,
  },
  {
    name: 'markdown: internal link to a block hidden from this edition',
    files: {
      'book.yaml': 'title: Robustness\nlanguages: [en]\neditions: [participant, trainer]\n',
      [CH]: chapter(
        'Alpha',
        '::: trainer',
        '## Trainer notes {#sec:notes}',
        '',
        'Only for trainers.',
        ':::',
        '',
        'See [the notes](#sec:notes).',
      ),
    },
    expected: { code: 'markdown/broken-link', file: CH, line: 11, column: 5 },
    message: /participant edition/,
  },
  {
    name: 'markdown: duplicate id in one chapter (reported at the second heading)',
    files: { [CH]: chapter('Alpha', '## Limits {#sec:limits}', '', 'Text.', '', '## Limits {#sec:limits}', '', 'More.') },
    expected: { code: 'markdown/duplicate-id', file: CH, line: 9, column: 1 },
    message: /sec:limits/,
  },
  {
    name: 'markdown: duplicate id across chapters (reported at the heading in the second chapter)',
    files: {
      [CH]: chapter('Alpha', '## Limits {#sec:limits}', '', 'Text.'),
      'content/en/02-b.md': chapter('Beta', 'Intro.', '', '## Other limits {#sec:limits}', '', 'Text.'),
    },
    expected: { code: 'markdown/duplicate-id', file: 'content/en/02-b.md', line: 7, column: 1 },
    message: /sec:limits/,
  },
  {
    name: 'markdown: missing image',
    files: { [CH]: chapter('Alpha', 'Intro.', '', '![The cash cycle](images/cycle.png)') },
    expected: { code: 'markdown/missing-image', file: CH, line: 7, column: 1 },
    message: /images\/cycle\.png/,
  },
  {
    name: 'markdown: unknown fenced div',
    files: { [CH]: chapter('Alpha', 'Intro.', '', '::: warning', 'Careful.', ':::') },
    expected: { code: 'markdown/unknown-div', file: CH, line: 7, column: 5 },
    message: /warning/,
  },
  {
    name: 'content: empty chapter',
    files: { [CH]: '---\ntitle: Alpha\n---\n\n  \n' },
    expected: { code: 'content/empty-chapter', file: CH, line: 4 },
  },
  {
    name: 'content: chapter not in UTF-8 (the first bad line is named)',
    files: { [CH]: Buffer.concat([Buffer.from('---\ntitle: Alpha\n---\n\nPlain line.\n'), Buffer.from('Caf\xe9 au lait.\n', 'latin1')]) },
    expected: { code: 'content/encoding', file: CH, line: 6 },
  },
];

describe('build() rejects with a located diagnostic', () => {
  test.each(CASES)('$name', async ({ files, expected, message }) => {
    const error = await failingBuild(files);
    expect(error.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', ...expected }));
    if (message) {
      const match = error.diagnostics.find((d) => d.code === expected.code && d.line === expected.line)!;
      expect(match.message).toMatch(message);
    }
    // The error's message names the first problem with its place, for library users that only log it.
    expect(error.message).toContain(`${expected.file}:`);
  });

  test('several problems in several files are reported together, in one error', async () => {
    const error = await failingBuild({
      [CH]: chapter('Alpha', '::: warning', 'Careful.', ':::', '', 'See [@tbl:nope].'),
      'content/en/02-b.md': chapter('Beta', '![Missing](images/missing.png)'),
    });
    expect(error.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual(
      expect.arrayContaining([
        ['markdown/unknown-div', CH, 5],
        ['markdown/unknown-ref', CH, 9],
        ['markdown/missing-image', 'content/en/02-b.md', 5],
      ]),
    );
  });
});

describe('internal links that do exist are accepted', () => {
  test('links to an author key (rewritten to its HTML id), an HTML id, a template id and a raw-HTML id', async () => {
    const root = writeCourse(area.dir, {
      [CH]: chapter(
        'Alpha',
        '## Limits {#sec:limits}',
        '',
        'See [the limits](#sec:limits), [again](#sec-limits), [the contents](#toc) and [the box](#cash-box).',
        '',
        '<div id="cash-box">Box</div>',
      ),
    });
    const bag = new DiagnosticBag();
    const config = loadBookConfig(root, bag)!;
    const [ch] = loadChapters(config, 'en', bag);
    const parsed = parseChapter(ch!, 1, { config, edition: config.editions[0]!, bag, transformsFor: textTransformsFor });
    const refs: RefIndex = new Map(parsed.targets.map((t) => [t.key, t]));
    const html = renderChapterBody(parsed, { refs, t: (key) => key, bag, edition: 'participant' });
    expect(bag.items).toEqual([]);
    const hrefs = [...html.matchAll(/<a href="([^"]*)">/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['#sec-limits', '#sec-limits', '#toc', '#cash-box']);
  });
});

describe('command line', () => {
  const brokenCourse = () =>
    writeCourse(area.dir, { [CH]: chapter('Alpha', 'Cash is counted twice.', '', 'As shown in [@fig:nope], it balances.') });

  test('a failed build exits 1 and prints file:line, a code frame and a hint on stderr', async () => {
    const result = await runCli(['build', '--root', brokenCourse()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error markdown/unknown-ref ${CH}:7:13:`);
    expect(result.stderr).toMatch(/> 7 \| As shown in \[@fig:nope\], it balances\./);
    expect(result.stderr).toMatch(/hint: check the spelling/);
    expect(result.stderr).toMatch(/build failed with 1 error/);
    expect(result.stdout).toBe('');
  }, 60_000);

  test('--reporter json prints the diagnostics as JSON on stdout', async () => {
    const result = await runCli(['build', '--root', brokenCourse(), '--reporter', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] };
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'markdown/unknown-ref', file: CH, line: 7, column: 13, hint: expect.any(String) }),
    ]);
  }, 60_000);

  test('--reporter json also reports a failure that is not a diagnostic (the output folder is locked)', async () => {
    const root = writeCourse(area.dir);
    const out = path.join(root, 'output');
    fs.mkdirSync(out, { recursive: true });
    // This test process is alive: the lock is held.
    fs.writeFileSync(path.join(out, '.coursebook.lock'), String(process.pid));
    const result = await runCli(['build', '--root', root, '--reporter', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] };
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringMatching(/another coursebook build/) }),
    ]);
  }, 60_000);

  test('--strict turns a warning (a remote image) into a failure; without it the build succeeds', async () => {
    const root = writeCourse(area.dir, { [CH]: chapter('Alpha', 'Intro.', '', '![Logo](https://example.com/logo.png)') });
    const strict = await runCli(['build', '--root', root, '--strict', '--out', path.join(root, 'strict-out')]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`warning markdown/remote-image ${CH}:7:1:`);
    expect(strict.stderr).toMatch(/--strict: warnings count/);
    expect(fs.existsSync(path.join(root, 'strict-out', 'manifest.json'))).toBe(false);

    const lax = await runCli(['build', '--root', root, '--out', path.join(root, 'lax-out')]);
    expect({ code: lax.code, stderr: lax.stderr }).toEqual({
      code: 0,
      stderr: expect.stringContaining(`warning markdown/remote-image ${CH}:7:1:`),
    });
    expect(fs.existsSync(path.join(root, 'lax-out', 'en', 'participant.pdf'))).toBe(true);
  }, 120_000);
});
