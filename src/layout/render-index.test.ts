/** Back-of-book index: marks parsed from spans, collated, grouped, hidden marks kept out. */
import { testBookConfig } from '../../test/helpers/book-config.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BookConfig } from '../config/types.ts';
import type { Chapter } from '../content/types.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { parseChapter } from '../markdown/parse-chapter.ts';
import { renderChapterBody } from '../markdown/render-chapter.ts';
import { textTransformsFor } from '../markdown/text-transform.ts';
import type { RefIndex, Translate } from '../markdown/types.ts';
import { buildBookIndex, initialLetter } from './render-index.ts';

const t: Translate = (key, vars) => `${key}${vars ? JSON.stringify(vars) : ''}`;
let root: string;
let config: BookConfig;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-index-'));
  config = testBookConfig(root, { languages: ['fr', 'ar'] });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function render(lines: string[], lang = 'fr', editionName = 'trainer') {
  const rel = `content/${lang}/02-credit.md`;
  const chapter: Chapter = {
    file: path.join(root, rel),
    relPath: rel,
    name: '02-credit.md',
    lang,
    frontMatter: { title: 'Crédit' },
    body: lines.join('\n') + '\n',
    bodyStartLine: 4,
    frontMatterLines: { title: 2 },
    fallback: false,
  };
  const bag = new DiagnosticBag();
  const edition = config.editions.find((e) => e.name === editionName)!;
  const parsed = parseChapter(chapter, 2, { config, edition, bag, transformsFor: (l) => textTransformsFor(l) });
  const refs: RefIndex = new Map(parsed.targets.map((target) => [target.key, target]));
  const html = renderChapterBody(parsed, { refs, t, bag, edition: editionName });
  return { html, bag, index: buildBookIndex([html], lang, (s) => s) };
}

const terms = (index: ReturnType<typeof buildBookIndex>) =>
  index!.groups.map(
    (g) => `${g.letter}: ${g.entries.map((e) => [e.term, ...e.subEntries.map((s) => `>${s.term}`)].join(' ')).join(' | ')}`,
  );

describe('index marks', () => {
  it('sorts French with "é" among the e, groups by letter without accents, files sub-entries under their heading', () => {
    const { index, bag } = render([
      'Le [microcrédit]{.index} et l’[épargne]{.index}, l’[Étude]{.index} et l’[encours]{.index}.',
      '',
      'Les [prêts de groupe]{.index term="crédit!de groupe"} et [individuels]{.index term="crédit!individuel"}; le [zèbre]{.index} et [Microcrédit]{.index}.',
      '',
      '[Caution]{.index see="garantie"} solidaire.',
    ]);
    expect(bag.items).toEqual([]);
    expect(terms(index)).toEqual([
      'C: Caution | crédit >de groupe >individuel',
      'E: encours | épargne | Étude',
      'M: microcrédit',
      'Z: zèbre',
    ]);
    // "Microcrédit" at the start of a sentence is the same entry: two marks, one slot.
    const micro = index!.groups[2]!.entries[0]!;
    expect(micro.marks).toBe(2);
    expect(index!.slots.get(micro.slotId!)).toHaveLength(2);
    const caution = index!.groups[0]!.entries[0]!;
    expect(caution).toMatchObject({ see: 'garantie', slotId: null });
    expect(index!.groups[0]!.entries[1]!.slotId).toBeNull(); // "crédit" has only sub-entries
  });

  it('sorts Arabic in the order of the Arabic alphabet, hamza forms of alif under alif', () => {
    const { index } = render(['[قرض]{.index} و[ادخار]{.index} و[أصول]{.index} و[بنك]{.index} و[تمويل]{.index}.'], 'ar');
    expect(index!.groups.map((g) => g.letter)).toEqual(['ا', 'ب', 'ت', 'ق']);
    expect(index!.groups[0]!.entries.map((e) => e.term)).toEqual(['ادخار', 'أصول']);
    expect(initialLetter('إقراض', 'ar')).toBe('ا');
  });

  it('reports an unknown attribute, an empty term and term= outside an index mark with file and line', () => {
    const { bag } = render(['Texte.', '', '[crédit]{.index terme="x"} et [a]{.index term="!b"}', '', '[b]{term="b"}']);
    expect(bag.items.map((d) => [d.code, d.file, d.line])).toEqual([
      ['markdown/span-attribute', 'content/fr/02-credit.md', 6],
      ['markdown/index-mark', 'content/fr/02-credit.md', 6],
      ['markdown/span-attribute', 'content/fr/02-credit.md', 8],
    ]);
    expect(bag.items[0]!.message).toContain('unknown span attribute "terme"');
  });

  it('leaves marks inside a block the edition hides out of its index', () => {
    const lines = ['[public]{.index}', '', '::: trainer', '[secret]{.index}', ':::'];
    expect(terms(render(lines, 'fr', 'participant').index)).toEqual(['P: public']);
    expect(terms(render(lines, 'fr', 'trainer').index)).toEqual(['P: public', 'S: secret']);
  });

  it('gives each mark its own page anchor, and none to an edition without marks', () => {
    const { html } = render(['[a]{.index} [a]{.index} [b]{.index}']);
    const ids = [...html.matchAll(/id="(pg--ix-[^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(3);
    expect(render(['Rien.']).index).toBeNull();
  });
});
