import { testBookConfig } from '../../test/helpers/book-config.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BookConfig } from '../config/types.ts';
import type { Chapter } from '../content/types.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { BUILTIN_LOCALES_DIR, loadLocale } from '../layout/locale.ts';
import { parseChapter } from './parse-chapter.ts';
import { PAGE_SLOT_TEXT, renderChapterBody, renderTokens } from './render-chapter.ts';
import { textTransformsFor } from './text-transform.ts';
import type { RefIndex, Translate } from './types.ts';

/** The chapter body starts on this line of the file. */
const FIRST = 6;
const REL = 'content/fr/02-governance.md';
const NNBSP = '\u202F';
const SHY = '\u00AD';

const STRINGS: Record<string, string> = {
  figure: 'Figure',
  table: 'Tableau',
  'xref.figure': 'figure {number}, page {page}',
  'xref.table': 'tableau {number}, page {page}',
  'xref.section': 'section {number}, page {page}',
  'callout.exercise': 'Exercice',
  'callout.answer': 'Corrigé',
  'callout.keypoint': 'À retenir',
  'callout.trainer': 'Note pour le formateur',
  'callout.participant': 'Pour vous',
  'notes.title': 'Notes',
};
/** A stub locale: `{name}` placeholders filled from `vars`. */
const t: Translate = (key, vars) => (STRINGS[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => String(vars?.[name] ?? whole));

let root: string;
let config: BookConfig;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-render-'));
  fs.mkdirSync(path.join(root, 'content/fr/images'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'content/fr/images/x.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n',
  );
  config = testBookConfig(root);
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function chapter(lines: string[]): Chapter {
  return {
    file: path.join(root, REL),
    relPath: REL,
    name: '02-governance.md',
    lang: 'fr',
    frontMatter: { title: 'La gouvernance' },
    body: lines.join('\n') + '\n',
    bodyStartLine: FIRST,
    frontMatterLines: { title: 2 },
    fallback: false,
  };
}

/** Parses and renders one chapter (number 2) for one edition; `extraRefs` come from other chapters. */
function render(
  lines: string[],
  editionName: 'participant' | 'trainer' = 'trainer',
  options: { t?: Translate; extraRefs?: RefIndex } = {},
) {
  const bag = new DiagnosticBag();
  const edition = config.editions.find((e) => e.name === editionName)!;
  const parsed = parseChapter(chapter(lines), 2, { config, edition, bag, transformsFor: (l) => textTransformsFor(l) });
  const refs: RefIndex = new Map(options.extraRefs);
  for (const target of parsed.targets) refs.set(target.key, target);
  const ctx = { refs, t: options.t ?? t, bag, edition: editionName };
  const html = renderChapterBody(parsed, ctx);
  return { html, parsed, bag, ctx };
}

const visible = (html: string): string => html.replace(/\u00AD/g, '');

describe('renderChapterBody — editions', () => {
  const body = [
    'Texte commun.',
    '',
    '::: exercise Calculer le PAR30',
    'Énoncé de l’exercice.',
    '',
    '::: answer',
    'Réponse confidentielle : 4,2 %.',
    ':::',
    ':::',
    '',
    '::: trainer',
    'Conseil pour l’animation[^anim].',
    '',
    '[^anim]: Note réservée aux formateurs.',
    ':::',
    '',
    '::: participant',
    'Consigne pour les participants.',
    ':::',
  ];

  it('leaves trainer and answer blocks, and footnotes defined in them, out of the participant edition', () => {
    const { html, bag } = render(body, 'participant');
    expect(bag.items).toEqual([]);
    const text = visible(html);
    expect(text).toContain('Texte commun.');
    expect(text).toContain('Consigne pour les participants.');
    expect(html).toContain('callout-exercise');
    expect(text).toContain('Énoncé de l’exercice.');
    expect(text).not.toContain('Réponse confidentielle');
    expect(text).not.toContain('Conseil pour');
    expect(text).not.toContain('Note réservée');
    expect(html).not.toContain('callout-answer');
    expect(html).not.toContain('callout-trainer');
    expect(html).not.toContain('class="footnotes"');
  });

  it('shows them in the trainer edition, with the footnote, and hides the participant block', () => {
    const { html, bag } = render(body, 'trainer');
    expect(bag.items).toEqual([]);
    const text = visible(html);
    expect(text).toContain('Réponse confidentielle');
    expect(html).toContain('<aside class="callout callout-answer" data-block="answer"><p class="callout-title">Corrigé</p>');
    expect(html).toContain(
      '<aside class="callout callout-trainer" data-block="trainer"><p class="callout-title">Note pour le formateur</p>',
    );
    expect(text).toContain('Conseil pour l’animation<sup><a id="fn-c2-ref-anim" href="#fn-c2-anim"');
    expect(html).toContain('<section class="footnotes"');
    expect(text).toContain('Note réservée aux formateurs.');
    expect(text).not.toContain('Consigne pour les participants.');
  });

  it('does not leak the text of a trainer-only footnote referred to from shared text', () => {
    const { html } = render(['Texte commun[^n].', '', '::: trainer', '[^n]: Secret du formateur.', ':::'], 'participant');
    expect(visible(html)).not.toContain('Secret du formateur');
  });

  it('renders exercises as numbered callouts with a page anchor', () => {
    const { html } = render(body, 'participant');
    expect(html).toContain(
      '<aside class="callout callout-exercise" id="ex-02-governance-1"><p class="callout-title">' +
        '<span class="cb-anchor" id="pg--ex-02-governance-1"></span>Exercice 2.1 — Calculer le PAR30</p>',
    );
  });

  it('renders the answer inside its exercise for the answer key', () => {
    const { parsed, ctx } = render(body, 'trainer');
    const answer = renderTokens(parsed, parsed.answers[0]!.tokens, ctx);
    expect(visible(answer)).toContain('Réponse confidentielle');
  });

  it('keeps a ":::" line of a code block inside its exercise', () => {
    const { html, bag } = render(['::: exercise Encadrés', '```', ':::', '```', 'Suite.', ':::']);
    expect(bag.items).toEqual([]);
    expect(html).toMatch(
      /<aside class="callout callout-exercise"[^]*<pre><code><span class="line">:::<\/span><\/code><\/pre><\/div>\n<p>Suite.<\/p>\n<\/aside>/,
    );
  });
});

describe('renderChapterBody — numbering and ids', () => {
  it('renders numbered headings with their ids and page anchors', () => {
    const { html } = render(['## Le rôle du conseil {#sec:board-role}', '', '### Composition']);
    expect(html).toContain(
      '<h2 id="sec-board-role"><span class="cb-anchor" id="pg--sec-board-role"></span><span class="heading-number">2.1</span> Le rôle du conseil</h2>',
    );
    expect(html).toContain(
      '<h3 id="sec-02-governance-composition"><span class="cb-anchor" id="pg--sec-02-governance-composition"></span><span class="heading-number">2.1.1</span> Composition</h3>',
    );
    expect(html).not.toContain('{#');
  });

  it('renders a figure with its number, caption and page anchor', () => {
    const { html, bag } = render(['![Le cycle du crédit](images/x.svg){#fig:credit-cycle}']);
    expect(bag.items).toEqual([]);
    expect(html).toMatch(
      /^<figure class="figure" id="fig-credit-cycle" role="group"><span class="cb-anchor" id="pg--fig-credit-cycle"><\/span>/,
    );
    expect(html).toMatch(/<(img src="file:[^"]*\/images\/x\.svg"|svg\b)/);
    expect(html).toContain('<figcaption><span class="caption-label">Figure 2.1</span> Le cycle du crédit</figcaption></figure>');
  });

  it('renders a captioned table as a numbered figure, the caption not being a row', () => {
    const { html, bag } = render(['| A | B |', '|---|---|', '| 1 | 2 |', 'Table: Ratios de PAR {#tbl:par}']);
    expect(bag.items).toEqual([]);
    expect(html).toContain(
      '<figure class="table" id="tbl-par" role="group"><span class="cb-anchor" id="pg--tbl-par"></span>' +
        '<figcaption><span class="caption-label">Tableau 2.1</span> Ratios de PAR</figcaption><table>',
    );
    expect(html.match(/<tr>/g)).toHaveLength(2);
    expect(html).not.toMatch(/<td[^>]*>Table:/);
    expect(html).not.toContain('Table:');
  });

  it('renders a table without a caption plainly', () => {
    const { html } = render(['| A | B |', '|---|---|', '| 1 | 2 |']);
    expect(html).toMatch(/^<div class="table-wrap"><table>/);
  });
});

describe('renderChapterBody — cross-references', () => {
  const body = [
    '![Le cycle du crédit](images/x.svg){#fig:credit-cycle}', // 6
    '', //                                                       7
    'Voir [@fig:credit-cycle].', //                              8
    '', //                                                       9
    'Et [@fig:inconnue] aussi.', //                              10
  ];

  it('prints the localized template with the number linked and a page slot', () => {
    const { html } = render(body);
    expect(html).toContain(
      `<p>Voir figure <a class="xref" href="#fig-credit-cycle">2.1</a>, page <a class="cb-pageref" href="#pg--fig-credit-cycle">${PAGE_SLOT_TEXT}</a>.</p>`,
    );
  });

  it('uses the real French locale the same way', () => {
    const locale = loadLocale('fr', [BUILTIN_LOCALES_DIR], new DiagnosticBag());
    const { html } = render(body.slice(0, 3), 'trainer', { t: locale.t });
    expect(html).toContain(
      `figure <a class="xref" href="#fig-credit-cycle">2.1</a>, page <a class="cb-pageref" href="#pg--fig-credit-cycle">${PAGE_SLOT_TEXT}</a>`,
    );
  });

  it('resolves references to other chapters of the edition', () => {
    const extraRefs: RefIndex = new Map([
      ['sec:par', { key: 'sec:par', htmlId: 'sec-par', kind: 'section', number: '3.2', title: 'PAR', level: 2, chapterNumber: 3 }],
    ]);
    const { html, bag } = render(['Voir [@sec:par].'], 'trainer', { extraRefs });
    expect(bag.items).toEqual([]);
    expect(html).toContain('section <a class="xref" href="#sec-par">3.2</a>, page <a class="cb-pageref" href="#pg--sec-par">');
  });

  it('reports an unknown reference with its line and keeps the raw text visible', () => {
    const { html, bag } = render(body);
    expect(bag.errors).toEqual([expect.objectContaining({ code: 'markdown/unknown-ref', file: REL, line: 10, column: 4 })]);
    expect(bag.errors[0]!.message).toContain('fig:inconnue');
    expect(html).toContain('<span class="xref-missing">[@fig:inconnue]</span>');
  });

  it('does not resolve a reference to a figure hidden from the edition', () => {
    const lines = ['::: trainer', '![Schéma](images/x.svg){#fig:secret}', ':::', '', 'Voir [@fig:secret].'];
    expect(render(lines, 'trainer').bag.errors).toEqual([]);
    expect(render(lines, 'participant').bag.errors).toEqual([expect.objectContaining({ code: 'markdown/unknown-ref', line: 10 })]);
  });
});

describe('renderChapterBody — images and raw HTML', () => {
  it('never points an <img> at a remote image', () => {
    const { html, bag } = render(['![Distante](https://example.com/a.png){#fig:remote}']);
    expect(bag.warnings).toEqual([expect.objectContaining({ code: 'markdown/remote-image', line: 6 })]);
    expect(html).not.toMatch(/<img[^>]+src="https?:/);
    expect(html).toContain('<span class="image-missing">[Distante]</span>');
  });

  it('strips <script> elements, event handlers and javascript: URLs', () => {
    const { html } = render([
      '<script>alert("bloc")</script>',
      '',
      '<div onclick="alert(1)">Encadré</div>',
      '',
      'Image <img src="images/x.svg" onerror="alert(2)"> en ligne.',
      '',
      '<a href="javascript:alert(\'x\')">lien brut</a> et <a href="JavaScript:void(0); alert(3)">autre</a>',
      '',
      '[lien Markdown](javascript:alert(4)) et <javascript:alert(5)>',
    ]);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('alert("bloc")');
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).not.toMatch(/=\s*["']?\s*javascript:/i);
    expect(html).toContain('<div>Encadré</div>');
    expect(html).toContain('<a href="">lien brut</a>');
    // A Markdown link or autolink to javascript: keeps its text, as plain text.
    expect(visible(html)).toContain('<p>lien Markdown et javascript:alert(5)</p>');
  });

  it('keeps ordinary links', () => {
    const { html } = render(['[Site](https://example.org/) et [section](#sec-x)']);
    expect(html).toContain('<a href="https://example.org/">Site</a>');
    expect(visible(html)).toContain('<a href="#sec-x">section</a>');
  });
});

describe('renderChapterBody — French typography and hyphenation', () => {
  it('puts U+202F before ; ! ? in paragraphs, not in inline code or code blocks', () => {
    const { html } = render(['Vraiment ? Oui ; voyez `a ; b ! c ?` puis : fin !', '', '```', 'x ; y ! z ?', '```']);
    const text = visible(html);
    expect(text).toContain(`<p>Vraiment${NNBSP}? Oui${NNBSP}; voyez <code>a ; b ! c ?</code> puis\u00A0: fin${NNBSP}!</p>`);
    expect(text).toContain('<pre><code><span class="line">x ; y ! z ?</span></code></pre>');
  });

  it('hyphenates long words of paragraphs, but not of headings or table cells', () => {
    const word = 'anticonstitutionnellement';
    const { html } = render([`## Un titre ${word}`, '', `Un paragraphe ${word}.`, '', '| A |', '|---|', `| ${word} |`]);
    const heading = /<h2[^]*?<\/h2>/.exec(html)![0];
    const paragraph = /<p>[^]*?<\/p>/.exec(html)![0];
    const cell = /<td>[^]*?<\/td>/.exec(html)![0];
    expect(paragraph).toContain(SHY);
    expect(visible(paragraph)).toContain(word);
    expect(heading).toContain(word);
    expect(heading).not.toContain(SHY);
    expect(cell).toBe(`<td>${word}</td>`);
  });
});
