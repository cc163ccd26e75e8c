/** Pandoc-flavoured Markdown as Quarto and the Carpentries Workbench write it: attributes, spans, definition lists, div aliases. */
import { testBookConfig } from '../../test/helpers/book-config.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BookConfig } from '../config/types.ts';
import type { Chapter } from '../content/types.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { parseChapter } from './parse-chapter.ts';
import { renderChapterBody } from './render-chapter.ts';
import { textTransformsFor } from './text-transform.ts';
import type { RefIndex, RefTarget, Translate } from './types.ts';

const REL = 'content/en/03-files.md';
const FIRST = 5;
const t: Translate = (key, vars) => `${key}${vars ? JSON.stringify(vars) : ''}`;

let root: string;
let config: BookConfig;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-pandoc-'));
  fs.mkdirSync(path.join(root, 'content/en/fig'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'content/en/fig/tree.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n',
  );
  fs.writeFileSync(path.join(root, 'content/en/fig/photo.png'), 'not really a png');
  config = testBookConfig(root, {
    languages: ['en', 'es'],
    blocks: {
      instructor: { kind: 'alias', target: 'trainer' },
      solution: { kind: 'alias', target: 'answer' },
      challenge: { kind: 'alias', target: 'exercise' },
      callout: { kind: 'callout', label: { en: 'Note', es: 'Nota' }, editions: ['participant', 'trainer'] },
      testimony: { kind: 'callout', label: { en: 'In the field' }, editions: ['trainer'] },
    },
  });
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function render(lines: string[], editionName: 'participant' | 'trainer' = 'trainer', otherTargets: RefTarget[] = []) {
  const chapter: Chapter = {
    file: path.join(root, REL),
    relPath: REL,
    name: '03-files.md',
    lang: 'en',
    frontMatter: { title: 'Files' },
    body: lines.join('\n') + '\n',
    bodyStartLine: FIRST,
    frontMatterLines: { title: 2 },
    fallback: false,
  };
  const bag = new DiagnosticBag();
  const edition = config.editions.find((e) => e.name === editionName)!;
  const parsed = parseChapter(chapter, 3, { config, edition, bag, transformsFor: (l) => textTransformsFor(l) });
  const refs: RefIndex = new Map([...otherTargets, ...parsed.targets].map((target) => [target.key, target]));
  const html = renderChapterBody(parsed, { refs, t, bag, edition: editionName });
  return { html: html.replace(/\u00AD/g, ''), parsed, bag };
}

describe('attributes on images', () => {
  it('takes alt="…" as the alternate text, apart from the caption, and width as the size', () => {
    const { html, parsed, bag } = render([
      `![A folder holding two surveys](fig/tree.svg){#fig:tree alt='Tree: survey-north.txt and survey-south.txt under raw' width="60%"}`,
    ]);
    expect(bag.items).toEqual([]);
    expect(parsed.targets.find((x) => x.kind === 'figure')).toMatchObject({ key: 'fig:tree', title: 'A folder holding two surveys' });
    expect(html).toContain('aria-label="Tree: survey-north.txt and survey-south.txt under raw"');
    expect(html).toContain('style="width:60%"');
    expect(html).toMatch(/<figcaption>.*A folder holding two surveys<\/figcaption>/);
  });

  it('sizes a bitmap figure, and ignores a width that is not a length', () => {
    const { html } = render([
      '![A photo](fig/photo.png){width=4cm alt="A notebook"}',
      '',
      '![x](fig/photo.png){width="1px;background:red"}',
    ]);
    expect(html).toContain('alt="A notebook" style="width:4cm"');
    expect(html).not.toContain('background');
  });

  it('still reads the plain {#fig:id} form', () => {
    const { parsed } = render(['![Caption](fig/tree.svg){#fig:plain}']);
    expect(parsed.targets.map((x) => x.key)).toContain('fig:plain');
  });
});

describe('attributes on headings and links', () => {
  it('reads the id and classes of a heading; .unnumbered and .unlisted', () => {
    const { html, parsed, bag } = render([
      '## Setup {#sec:setup .unnumbered}',
      '',
      'Text.',
      '',
      '## Navigating {.unlisted data-x="1"}',
      '',
      'More.',
    ]);
    expect(bag.items).toEqual([]);
    const sections = parsed.targets.filter((x) => x.kind === 'section');
    expect(sections.map((s) => [s.key, s.number, s.title, s.unlisted ?? false])).toEqual([
      ['sec:setup', '', 'Setup', false],
      ['sec:03-files-navigating', '3.1', 'Navigating', true],
    ]);
    expect(html).toContain('<h2 id="sec-setup">');
  });

  it('keeps the text of a link with attributes and drops the braces', () => {
    const { html } = render(['See [the glossary](https://example.org/glossary){.external target="_blank"} now.']);
    expect(html).toContain('>the glossary</a><span class="link-url"> (https://example.org/glossary)</span> now.');
    expect(html).not.toContain('{');
  });

  it('numbers a chapter written with "###" sections as sections, without a warning', () => {
    const { html, parsed, bag } = render(['### What is the shell?', '', 'Text.', '', '### Why use it?', '', '#### Detail', '', 'More.']);
    expect(bag.items).toEqual([]);
    expect(parsed.targets.filter((x) => x.kind === 'section').map((s) => [s.number, s.level])).toEqual([
      ['3.1', 2],
      ['3.2', 2],
      ['3.2.1', 3],
    ]);
    expect(html).toContain('<h2 id="sec-03-files-what-is-the-shell"');
  });

  it('warns about a level-3 heading before any level-2 one, and keeps level 4 as written', () => {
    const { html, bag } = render(['### Too deep', '', '## Section', '', '#### Detail', '', 'Text.']);
    expect(bag.items.map((d) => [d.code, d.line])).toEqual([['markdown/heading-level', FIRST]]);
    expect(html).toContain('<h4');
  });
});

describe('bracketed spans', () => {
  it('prints lang and known classes, and lists every span for later stages', () => {
    const { html, parsed, bag } = render(['The word [microcrédit]{lang=fr} and [FOO]{.smallcaps #foo}.']);
    expect(bag.items).toEqual([]);
    expect(html).toContain('<span lang="fr" role="term">microcrédit</span>');
    expect(html).toContain('<span id="foo" class="smallcaps"><span class="cb-anchor" id="pg--foo"></span>FOO</span>');
    expect(parsed.spans).toEqual([
      { text: 'microcrédit', attributes: { id: null, classes: [], values: { lang: 'fr' } }, line: FIRST, column: 10 },
      { text: 'FOO', attributes: { id: 'foo', classes: ['smallcaps'], values: {} }, line: FIRST, column: 37 },
    ]);
  });

  it('is an error with file:line for a class or attribute coursebook does not know', () => {
    const { bag } = render(['Fine.', '', 'A [term]{.glossary} and [x]{colour=red}.']);
    expect(bag.items.map((d) => [d.severity, d.code, d.file, d.line])).toEqual([
      ['error', 'markdown/span-attribute', REL, FIRST + 2],
      ['error', 'markdown/span-attribute', REL, FIRST + 2],
    ]);
    expect(bag.items[0]!.message).toContain('.glossary');
  });

  it('never lets an attribute value out of its HTML attribute', () => {
    const { html, bag } = render([
      '[x]{lang=\'en" onmouseover="alert(1)\'} and [y]{#a"b}',
      '',
      '::: {#n"<b> .callout lang=\'fr"><script>\'}',
      'Z.',
      ':::',
    ]);
    expect(bag.errors.map((d) => d.code)).toContain('markdown/span-attribute');
    expect(html).not.toMatch(/<script|onmouseover="/);
  });

  it('leaves links, footnotes, cross-references and plain brackets alone', () => {
    const { html, bag } = render(['[a](https://example.org) [b] {c} [@sec:x]']);
    expect(html).toContain('[b] {c}');
    expect(bag.items.map((d) => d.code)).toEqual(['markdown/unknown-ref']);
  });
});

describe('tables', () => {
  it('takes a "Table:" caption written before the table, as Pandoc does', () => {
    const { parsed, bag } = render([
      'Table: Four loans {#tbl:loans}',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
      '',
      'After.',
      '',
      '| c |',
      '|---|',
      '| 3 |',
      '',
      'Table: Caption below',
    ]);
    expect(bag.items).toEqual([]);
    expect(parsed.targets.filter((x) => x.kind === 'table').map((x) => [x.key, x.title])).toEqual([
      ['tbl:loans', 'Four loans'],
      ['tbl:03-files-2', 'Caption below'],
    ]);
  });
});

describe('definition lists', () => {
  it('prints terms and their definitions, several per term, with block content', () => {
    const { html } = render([
      'Shell',
      ':   A program that runs commands.',
      '',
      '    It reads them one by one.',
      '',
      'Path',
      '',
      ': Where a file is.',
      ': A list of folders, in `PATH`.',
      '',
      'After.',
    ]);
    expect(html).toContain('<dl class="definitions">');
    expect(html).toContain('<dt>Shell</dt>');
    expect(html).toMatch(/<dd><p>A program that runs commands\.<\/p>\n<p>It reads them one by one\.<\/p>\n<\/dd>/);
    expect(html).toContain('<dt>Path</dt>\n<dd><p>Where a file is.</p>\n</dd>\n<dd><p>A list of folders');
    expect(html).toContain('<code>PATH</code>');
    expect(html).toContain('<p>After.</p>');
  });
});

describe('fenced divs as other tools write them', () => {
  const episode = [
    ':::::::::::::::::::::::::::::::::::::: challenge', //  +0
    '', //                                                   +1
    '## Challenge 1: where is the **file**? {#ch1}', //    +2
    '', //                                                   +3
    'Which folder holds `notes.txt`?', //                   +4
    '', //                                                   +5
    ':::::::::::::::: solution', //                         +6
    '', //                                                   +7
    'The `raw` folder.', //                                 +8
    '', //                                                   +9
    '::::::::::::::::', //                                  +10
    '::::::::::::::::::::::::::::::::::::::', //           +11
    '', //                                                   +12
    '::: {.instructor}', //                                 +13
    'Draw the tree on the board first.', //                 +14
    ':::', //                                               +15
    '', //                                                   +16
    '::: callout', //                                       +17
    'Tab completes file names.', //                         +18
    ':::', //                                               +19
    '', //                                                   +20
    '::: testimony', //                                     +21
    'A branch manager lost a week of records this way.', // +22
    ':::', //                                               +23
  ];

  it('maps aliases onto coursebook blocks and takes a first "## Title" as the block title', () => {
    const { html, parsed, bag } = render(episode, 'trainer');
    expect(bag.items).toEqual([]);
    expect(parsed.targets.filter((x) => x.kind === 'exercise').map((x) => [x.number, x.title])).toEqual([
      ['3.1', 'Challenge 1: where is the file?'],
    ]);
    expect(parsed.targets.filter((x) => x.kind === 'section')).toEqual([]);
    expect(parsed.answers).toHaveLength(1);
    expect(html).toContain('callout-answer');
    expect(html).toContain('callout-trainer');
    expect(html).toContain('<aside class="callout callout-callout" data-block="callout"><p class="callout-title">Note</p>');
    expect(html).toContain('In the field');
  });

  it('hides aliased and custom blocks from the editions that do not show them', () => {
    const { html, bag } = render(episode, 'participant');
    expect(bag.items).toEqual([]);
    expect(html).toContain('where is the file?');
    expect(html).not.toContain('raw</code> folder');
    expect(html).not.toContain('board');
    expect(html).toContain('Tab completes');
    expect(html).not.toContain('branch manager');
  });

  it("takes a div's {#id}: an exercise's key for [@ex:…], any other block's place for links", () => {
    const { html, parsed, bag } = render([
      '::: {#ex:sort .challenge}',
      '## Sort the files',
      'Do it.',
      ':::',
      '',
      '::: {#setup-note .callout}',
      'Install first.',
      ':::',
      '',
      'See [@ex:sort] and [the note](#setup-note).',
    ]);
    expect(bag.items).toEqual([]);
    expect(parsed.targets.filter((x) => x.kind !== 'chapter').map((x) => [x.kind, x.key, x.htmlId, x.number])).toEqual([
      ['exercise', 'ex:sort', 'ex-sort', '3.1'],
      ['anchor', 'setup-note', 'setup-note', ''],
    ]);
    expect(html).toContain(
      '<aside class="callout callout-callout" data-block="callout" id="setup-note"><p class="callout-title"><span class="cb-anchor" id="pg--setup-note"></span>Note</p>',
    );
    expect(html).toContain('<a href="#setup-note">the note</a>');
  });

  it('reports an unknown block name with file:line and a guess', () => {
    const { bag } = render(['::: chalenge', 'Text.', ':::']);
    expect(bag.items).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'markdown/unknown-div',
        file: REL,
        line: FIRST,
        hint: expect.stringMatching(/^did you mean "challenge"\?/),
      }),
    ]);
  });
});

describe('math in a chapter', () => {
  it('numbers display equations with an id and resolves [@eq:…] to them', () => {
    const { html, parsed, bag } = render([
      'As [@eq:eir] shows:',
      '',
      '$$ r = \\left(1 + \\frac{i}{n}\\right)^{n} - 1 $$ {#eq:eir}',
      '',
      '$$x$$',
    ]);
    expect(bag.items).toEqual([]);
    expect(parsed.targets.find((x) => x.kind === 'equation')).toMatchObject({ key: 'eq:eir', number: '3.1', htmlId: 'eq-eir' });
    expect(html).toContain('<p>As xref.equation');
    expect(html).toMatch(
      /<div class="equation" id="eq-eir"><span class="cb-anchor" id="pg--eq-eir"><\/span><div class="math math-display" role="img" aria-label="r = \\left\(1 \+ \\frac\{i\}\{n\}\\right\)\^\{n\} - 1">/,
    );
    expect(html).toContain('<span class="equation-number">(3.1)</span>');
    expect(html).toContain('<div class="equation"><div class="math math-display"');
  });

  it("reports a TeX error with file:line and temml's message", () => {
    const { bag, html } = render(['Fine.', '', 'Broken: $\\frac{a$ here.']);
    expect(bag.items).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'markdown/math',
        file: REL,
        line: FIRST + 2,
        column: 9,
        message: expect.stringContaining("expected '}'"),
      }),
    ]);
    expect(html).toContain('<code class="math-error">$\\frac{a$</code>');
  });
});

describe('links', () => {
  const create: RefTarget[] = [
    { key: 'ch:04-create', htmlId: 'ch-04-create', kind: 'chapter', number: '4', title: 'Creating files', level: 1, chapterNumber: 4 },
    {
      key: 'sec:04-create-naming-files',
      htmlId: 'sec-04-create-naming-files',
      kind: 'section',
      number: '4.2',
      title: 'Naming files',
      level: 2,
      chapterNumber: 4,
    },
    {
      key: 'sec:paths',
      htmlId: 'sec-paths',
      kind: 'section',
      number: '4.3',
      title: 'Absolute and relative paths',
      level: 2,
      chapterNumber: 4,
    },
  ];

  it("turns a link to a chapter file, or to a heading in it, into an internal link with the target's page", () => {
    const { html, bag } = render(
      ['See [creating files](04-create.md), [naming](./04-create.md#naming-files) and [paths](04-create.md#absolute-and-relative-paths).'],
      'trainer',
      create,
    );
    expect(bag.items).toEqual([]);
    expect(html).toContain(
      '<a class="xref" href="#ch-04-create">creating files</a> (page\u00a0<a class="cb-pageref" href="#pg--ch-04-create">',
    );
    expect(html).toContain('<a class="xref" href="#sec-04-create-naming-files">naming</a>');
    expect(html).toContain('<a class="xref" href="#sec-paths">paths</a>');
  });

  it('points at a glossary entry written as a span with an id, here or in another chapter', () => {
    const glossary: RefTarget = { key: 'slice', htmlId: 'slice', kind: 'anchor', number: '', title: 'slice', chapterNumber: 4 };
    const { html, parsed, bag } = render(
      ['[argument]{#argument}', ':   A value given to a function.', '', 'See [argument](#argument) and [slice](04-create.md#slice).'],
      'trainer',
      [...create, glossary],
    );
    expect(bag.items).toEqual([]);
    expect(parsed.targets.find((x) => x.kind === 'anchor')).toMatchObject({ key: 'argument', htmlId: 'argument', title: 'argument' });
    expect(html).toContain('<dt><span id="argument"><span class="cb-anchor" id="pg--argument"></span>argument</span></dt>');
    expect(html).toContain('<a href="#argument">argument</a>');
    expect(html).toContain('<a class="xref" href="#slice">slice</a> (page');
  });

  it('is an error with file:line for a chapter or heading that does not exist', () => {
    const { bag, html } = render(['Text.', '', '[a](05-missing.md) and [b](04-create.md#no-such-heading)'], 'trainer', create);
    expect(bag.items.map((d) => [d.code, d.file, d.line, d.column])).toEqual([
      ['markdown/broken-link', REL, FIRST + 2, 1],
      ['markdown/broken-link', REL, FIRST + 2, 24],
    ]);
    expect(html).toContain('<p>a and b</p>');
  });

  it('prints the address of a link out of the course beside its text, once for a bare URL', () => {
    const { html } = render([
      'Read [the guide](https://example.org/guide) or <https://example.org/x>, or write to [us](mailto:team@example.org).',
    ]);
    expect(html).toContain('<a href="https://example.org/guide">the guide</a><span class="link-url"> (https://example.org/guide)</span>');
    expect(html).toContain('<a href="https://example.org/x">https://example.org/x</a>,');
    expect(html).toContain('<span class="link-url"> (team@example.org)</span>');
  });
});
