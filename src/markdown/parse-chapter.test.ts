import { testBookConfig } from '../../test/helpers/book-config.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Token, Tokens } from 'marked';
import type { BookConfig, EditionConfig } from '../config/types.ts';
import type { Chapter } from '../content/types.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { CaptionedTable, FigureToken } from './chapter-tokens.ts';
import { divVisibility, parseChapter } from './parse-chapter.ts';
import { textTransformsFor } from './text-transform.ts';
import type { ParsedChapter, RefTarget } from './types.ts';

/** The chapter body starts on this line of the file (after a 4-line front matter). */
const FIRST = 6;
const REL = 'content/fr/02-governance.md';

let root: string;
let config: BookConfig;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-parse-'));
  fs.mkdirSync(path.join(root, 'content/fr/images'), { recursive: true });
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n';
  fs.writeFileSync(path.join(root, 'content/fr/images/x.svg'), svg);
  fs.writeFileSync(path.join(root, 'content/fr/images/100%.svg'), svg);
  config = testBookConfig(root);
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function edition(name: 'participant' | 'trainer'): EditionConfig {
  return config.editions.find((e) => e.name === name)!;
}

function chapter(lines: string[], lang = 'fr'): Chapter {
  return {
    file: path.join(root, 'content', lang, '02-governance.md'),
    relPath: `content/${lang}/02-governance.md`,
    name: '02-governance.md',
    lang,
    frontMatter: { title: 'La gouvernance' },
    body: lines.join('\n') + '\n',
    bodyStartLine: FIRST,
    frontMatterLines: { title: 2 },
    fallback: false,
  };
}

function parse(lines: string[], editionName: 'participant' | 'trainer' = 'trainer', lang = 'fr') {
  const bag = new DiagnosticBag();
  const parsed = parseChapter(chapter(lines, lang), 2, {
    config,
    edition: edition(editionName),
    bag,
    transformsFor: (l) => textTransformsFor(l),
  });
  return { parsed, bag };
}

function targetsOf(parsed: ParsedChapter, kind: RefTarget['kind']): RefTarget[] {
  return parsed.targets.filter((t) => t.kind === kind);
}

/** Every token of the chapter, nested ones included (div contents, list items…). */
function allTokens(tokens: Token[]): Token[] {
  return tokens.flatMap((token) => {
    const nested = [
      ...((token as { tokens?: Token[] }).tokens ?? []),
      ...((token as { items?: { tokens?: Token[] }[] }).items ?? []).flatMap((i) => i.tokens ?? []),
    ];
    return [token, ...allTokens(nested)];
  });
}

describe('parseChapter — sections', () => {
  it('numbers sections per chapter and takes explicit ids', () => {
    const { parsed, bag } = parse([
      '## Le rôle du conseil {#sec:board-role}',
      '',
      '### Composition',
      '',
      '### Fonctionnement',
      '',
      '## La direction',
      '',
      '### Missions',
    ]);
    expect(bag.items).toEqual([]);
    expect(parsed.number).toBe(2);
    expect(parsed.targets[0]).toMatchObject({
      key: 'ch:02-governance',
      htmlId: 'ch-02-governance',
      kind: 'chapter',
      number: '2',
      title: 'La gouvernance',
    });
    expect(targetsOf(parsed, 'section').map((t) => [t.number, t.level, t.key, t.htmlId, t.title])).toEqual([
      ['2.1', 2, 'sec:board-role', 'sec-board-role', 'Le rôle du conseil'],
      ['2.1.1', 3, 'sec:02-governance-composition', 'sec-02-governance-composition', 'Composition'],
      ['2.1.2', 3, 'sec:02-governance-fonctionnement', 'sec-02-governance-fonctionnement', 'Fonctionnement'],
      ['2.2', 2, 'sec:02-governance-la-direction', 'sec-02-governance-la-direction', 'La direction'],
      ['2.2.1', 3, 'sec:02-governance-missions', 'sec-02-governance-missions', 'Missions'],
    ]);
  });

  it('gives repeated generated titles unique ids', () => {
    const { parsed, bag } = parse(['## Objectifs', '', '## Objectifs', '', '### Objectifs']);
    expect(bag.items).toEqual([]);
    expect(targetsOf(parsed, 'section').map((t) => t.htmlId)).toEqual([
      'sec-02-governance-objectifs',
      'sec-02-governance-objectifs-2',
      'sec-02-governance-objectifs-3',
    ]);
  });

  it('gives generated ids unique HTML ids when the titles differ only in non-Latin letters', () => {
    // Both slugs are Arabic words, which toHtmlId turns into the same "-": not an author error.
    const { parsed, bag } = parse(['## مقدمة', '', 'نص.', '', '## خاتمة', '', 'نص.'], 'trainer', 'ar');
    expect(bag.errors).toEqual([]);
    const ids = targetsOf(parsed, 'section').map((t) => t.htmlId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it('reports an explicit id used twice, at the second use', () => {
    const { bag } = parse([
      '## Un {#sec:x}', //  6
      '', //                7
      'Texte.', //          8
      '', //                9
      '### Deux {#sec:x}', // 10
    ]);
    expect(bag.errors).toEqual([expect.objectContaining({ code: 'markdown/duplicate-id', file: REL, line: 10 })]);
    expect(bag.errors[0]!.message).toContain('sec:x');
  });

  it('reads "#" headings as the sections of a chapter written with them, without a warning', () => {
    const { parsed, bag } = parse(['Intro.', '', '# Titre', '', '## Sous-titre']);
    expect(bag.warnings).toEqual([]);
    expect(targetsOf(parsed, 'section').map((t) => [t.number, t.level])).toEqual([
      ['2.1', 2],
      ['2.1.1', 3],
    ]);
  });

  it('warns where a "#" heading comes after "##" ones: the numbering would be ambiguous', () => {
    const { bag } = parse(['## Section', '', 'Texte.', '', '# Titre de trop']);
    expect(bag.warnings).toEqual([expect.objectContaining({ code: 'markdown/heading-level', line: 6 })]);
  });
});

describe('parseChapter — exercises and editions', () => {
  const body = [
    '::: exercise Calculer le PAR30', //  6
    'Énoncé.', //                         7
    '', //                                8
    '::: answer', //                      9
    'PAR30 = 4,2 %.', //                  10
    ':::', //                             11
    ':::', //                             12
    '', //                                13
    '::: trainer Minutage', //            14
    '## Déroulé de la séance', //          15
    ':::', //                             16
    '', //                                17
    '::: exercise', //                    18
    'Deuxième énoncé.', //                19
    ':::', //                             20
  ];

  it('numbers exercises per chapter: 2.1, 2.2', () => {
    const { parsed, bag } = parse(body);
    expect(bag.items).toEqual([]);
    expect(targetsOf(parsed, 'exercise').map((t) => [t.number, t.key, t.htmlId, t.title])).toEqual([
      ['2.1', 'ex:02-governance-1', 'ex-02-governance-1', 'Calculer le PAR30'],
      ['2.2', 'ex:02-governance-2', 'ex-02-governance-2', ''],
    ]);
  });

  it('collects answers with their exercise for the trainer edition only', () => {
    const trainer = parse(body, 'trainer').parsed;
    expect(trainer.answers).toHaveLength(1);
    expect(trainer.answers[0]!.exercise).toMatchObject({ key: 'ex:02-governance-1', number: '2.1' });
    const participant = parse(body, 'participant').parsed;
    expect(participant.answers).toEqual([]);
    expect(JSON.stringify(participant.tokens)).not.toContain('PAR30 = 4,2');
  });

  it('drops the targets of blocks hidden from the edition', () => {
    expect(targetsOf(parse(body, 'trainer').parsed, 'section').map((t) => t.title)).toEqual(['Déroulé de la séance']);
    expect(targetsOf(parse(body, 'participant').parsed, 'section')).toEqual([]);
    // Exercises are shown in both editions and keep their numbers.
    expect(targetsOf(parse(body, 'participant').parsed, 'exercise').map((t) => t.number)).toEqual(['2.1', '2.2']);
  });

  it('reports an unknown div name with its line', () => {
    const { bag } = parse(['Texte.', '', '::: exercice Faute de frappe', 'x', ':::']);
    expect(bag.errors).toEqual([expect.objectContaining({ code: 'markdown/unknown-div', file: REL, line: 8, column: 5 })]);
    expect(bag.errors[0]!.message).toContain('exercice');
  });

  it('shows callouts everywhere and conditional blocks per edition', () => {
    const participant = divVisibility(config, edition('participant'));
    const trainer = divVisibility(config, edition('trainer'));
    expect(['exercise', 'keypoint', 'participant', 'trainer', 'answer'].map(participant)).toEqual([true, true, true, false, false]);
    expect(['exercise', 'keypoint', 'participant', 'trainer', 'answer'].map(trainer)).toEqual([true, true, false, true, true]);
    expect(trainer('mystery')).toBe(false);
  });

  it('does not end a div at a ":::" line inside a code block', () => {
    const { parsed, bag } = parse([
      '::: exercise Écrire un encadré',
      '```markdown',
      ':::',
      '```',
      'Suite de l’énoncé.',
      ':::',
      '',
      'Après.',
    ]);
    expect(bag.items).toEqual([]);
    const div = parsed.tokens.find((t) => t.type === 'fencedDiv') as Tokens.Generic;
    expect(div).toBeDefined();
    const inner = (div['tokens'] as Token[]).map((t) => t.type).filter((type) => type !== 'space');
    expect(inner).toEqual(['code', 'paragraph']);
    expect((div['tokens'] as Tokens.Code[]).find((t) => t.type === 'code')!.text).toBe(':::');
    expect(parsed.tokens.filter((t) => t.type === 'paragraph').map((t) => (t as Tokens.Paragraph).text)).toEqual(['Après.']);
  });
});

describe('parseChapter — figures', () => {
  it('numbers figures, with explicit or generated ids and the caption as title', () => {
    const { parsed, bag } = parse([
      '![Le cycle du crédit](images/x.svg){#fig:credit-cycle}',
      '',
      'Texte.',
      '',
      '![Deuxième figure](images/x.svg)',
    ]);
    expect(bag.items).toEqual([]);
    expect(targetsOf(parsed, 'figure').map((t) => [t.number, t.key, t.htmlId, t.title])).toEqual([
      ['2.1', 'fig:credit-cycle', 'fig-credit-cycle', 'Le cycle du crédit'],
      ['2.2', 'fig:02-governance-2', 'fig-02-governance-2', 'Deuxième figure'],
    ]);
    const figures = parsed.tokens.filter((t) => t.type === 'cbFigure') as FigureToken[];
    expect(figures.map((f) => [f.number, f.htmlId])).toEqual([
      ['2.1', 'fig-credit-cycle'],
      ['2.2', 'fig-02-governance-2'],
    ]);
    const src = (figures[0]!.image as Tokens.Image & { cbSrc?: string }).cbSrc;
    expect(src).toBe(`file://${path.join(root, 'content/fr/images/x.svg')}`);
  });

  it('keeps an image with other text in its paragraph as text, not a figure', () => {
    const { parsed } = parse(['![Icône](images/x.svg) suivie de texte {#fig:y}']);
    expect(targetsOf(parsed, 'figure')).toEqual([]);
    expect(parsed.tokens.some((t) => t.type === 'cbFigure')).toBe(false);
    expect(JSON.stringify(parsed.tokens)).toContain('suivie de texte');
  });

  it('reports a missing image with its line', () => {
    const { bag } = parse(['Texte.', '', '![Absente](images/absente.svg){#fig:a}']);
    expect(bag.errors).toEqual([expect.objectContaining({ code: 'markdown/missing-image', file: REL, line: 8 })]);
  });

  it('refuses image paths that leave the course folder', () => {
    // From content/fr/, ../../ is still the course root: three levels up leave it.
    const { bag } = parse(['![Fuite](../../../etc/passwd)', '', 'Texte.', '', '![Absolu](/etc/passwd)']);
    expect(bag.errors).toEqual([
      expect.objectContaining({ code: 'markdown/path-escape', file: REL, line: 6 }),
      expect.objectContaining({ code: 'markdown/path-escape', file: REL, line: 10 }),
    ]);
  });

  it('reports ../../etc/passwd from a chapter at the course root as leaving it', () => {
    const bag = new DiagnosticBag();
    const atRoot: Chapter = {
      ...chapter(['![Fuite](../../etc/passwd)']),
      file: path.join(root, '02-governance.md'),
      relPath: '02-governance.md',
    };
    parseChapter(atRoot, 2, { config, edition: edition('trainer'), bag, transformsFor: textTransformsFor });
    expect(bag.errors).toEqual([expect.objectContaining({ code: 'markdown/path-escape', line: 6 })]);
  });

  it('warns about a remote image and does not resolve it', () => {
    const { parsed, bag } = parse(['Texte.', '', '![Distante](https://example.com/a.png){#fig:remote}']);
    expect(bag.errors).toEqual([]);
    expect(bag.warnings).toEqual([expect.objectContaining({ code: 'markdown/remote-image', file: REL, line: 8 })]);
    const figure = parsed.tokens.find((t) => t.type === 'cbFigure') as FigureToken;
    expect((figure.image as Tokens.Image & { cbSrc?: string }).cbSrc).toBeUndefined();
  });

  it('takes a "%" that is not an escape literally instead of failing', () => {
    const { bag } = parse(['![Cent pour cent](images/100%.svg)', '', '![Encodé](images/100%25.svg)']);
    expect(bag.items).toEqual([]);
  });
});

describe('parseChapter — tables', () => {
  const table = ['| Ratio | Valeur |', '|---|---|', '| PAR30 | 4 % |'];

  it('turns a "Table:" line right under a table into its numbered caption, not a row', () => {
    const { parsed, bag } = parse([...table, 'Table: Ratios de portefeuille {#tbl:par-ratios}']);
    expect(bag.items).toEqual([]);
    const t = parsed.tokens.find((tok) => tok.type === 'table') as CaptionedTable;
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]!.map((c) => c.text)).toEqual(['PAR30', '4 %']);
    expect(t.cbNumber).toBe('2.1');
    expect(t.cbHtmlId).toBe('tbl-par-ratios');
    expect(targetsOf(parsed, 'table')).toEqual([
      expect.objectContaining({ key: 'tbl:par-ratios', htmlId: 'tbl-par-ratios', number: '2.1', title: 'Ratios de portefeuille' }),
    ]);
  });

  it('also takes the caption after one blank line, and numbers tables in order', () => {
    const { parsed, bag } = parse([...table, '', 'Table: Après une ligne vide {#tbl:y}', '', ...table, 'Table: Sans id']);
    expect(bag.items).toEqual([]);
    expect(targetsOf(parsed, 'table').map((t) => [t.number, t.key, t.title])).toEqual([
      ['2.1', 'tbl:y', 'Après une ligne vide'],
      ['2.2', 'tbl:02-governance-2', 'Sans id'],
    ]);
    const tables = parsed.tokens.filter((t) => t.type === 'table') as CaptionedTable[];
    expect(tables.map((t) => t.rows.length)).toEqual([1, 1]);
  });

  it('warns about a caption that follows no table, with its line', () => {
    const { parsed, bag } = parse(['Texte.', '', 'Table: Orpheline']);
    expect(bag.warnings).toEqual([expect.objectContaining({ code: 'markdown/orphan-caption', file: REL, line: 8 })]);
    expect(targetsOf(parsed, 'table')).toEqual([]);
  });

  it('leaves a "Table:" line inside a code block alone', () => {
    const { parsed, bag } = parse(['```yaml', 'Table: ceci est du code', '```']);
    expect(bag.items).toEqual([]);
    const code = allTokens(parsed.tokens).find((t) => t.type === 'code') as Tokens.Code;
    expect(code.text).toBe('Table: ceci est du code');
  });
});

describe('parseChapter — typography', () => {
  it('applies French typography to prose and headings but not to code', () => {
    const { parsed } = parse(['## Pourquoi ?', '', 'Vraiment ? Oui ; `a ; b !` fin !', '', '```', 'x ; y !', '```']);
    const heading = parsed.tokens.find((t) => t.type === 'heading') as Tokens.Heading;
    expect(heading.tokens.map((t) => (t as Tokens.Text).text).join('')).toBe('Pourquoi\u202F?');
    const para = parsed.tokens.find((t) => t.type === 'paragraph') as Tokens.Paragraph;
    expect(para.tokens.map((t) => t.type)).toEqual(['text', 'codespan', 'text']);
    // Prose is also hyphenated ("Vrai\u00ADment"): compare without the soft hyphens.
    expect((para.tokens[0] as Tokens.Text).text.replace(/\u00AD/g, '')).toBe('Vraiment\u202F? Oui\u202F; ');
    expect((para.tokens[1] as Tokens.Codespan).text).toBe('a ; b !');
    expect((para.tokens[2] as Tokens.Text).text).toBe(' fin\u202F!');
    expect((parsed.tokens.find((t) => t.type === 'code') as Tokens.Code).text).toBe('x ; y !');
  });
});
