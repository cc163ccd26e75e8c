import { describe, expect, it } from '@jest/globals';
import type { Chapter } from '../content/types.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { parseChapter } from '../markdown/parse-chapter.ts';
import { renderChapterBody } from '../markdown/render-chapter.ts';
import { textTransformsFor } from '../markdown/text-transform.ts';
import type { ParsedChapter, Translate } from '../markdown/types.ts';
import { testBookConfig } from '../../test/helpers/book-config.ts';
import { itemKey, linesHiddenFrom, participantPageOfReference, sourceItems, type ConcordanceSlot } from './concordance.ts';

const config = testBookConfig('/c', { concordance: 'participant' });
const [participant, trainer] = config.editions as [(typeof config.editions)[0], (typeof config.editions)[0]];

const chapter = (name: string, body: string, editions?: string[]): Chapter => ({
  file: `/c/content/en/${name}`,
  relPath: `content/en/${name}`,
  name,
  lang: 'en',
  frontMatter: { title: name, ...(editions ? { editions } : {}) },
  body,
  bodyStartLine: 5,
  frontMatterLines: { title: 2 },
  fallback: false,
});

const t: Translate = (key, vars) =>
  key === 'trainertools.manualPage'
    ? `manual p. ${vars!['page']}`
    : key === 'xref.section'
      ? `section ${vars!['number']}, page ${vars!['page']}`
      : key;

function parse(chapters: Chapter[], edition = trainer): ParsedChapter[] {
  const bag = new DiagnosticBag();
  const list = chapters.filter((c) => !c.frontMatter.editions || c.frontMatter.editions.includes(edition.name));
  return list.map((c, i) => parseChapter(c, i + 1, { config, edition, bag, transformsFor: textTransformsFor }));
}

describe('participant pages of cross-references written in trainer-only places', () => {
  const lesson = chapter('01-lesson.md', '## Roles {#sec:roles}\n\nText [@sec:roles].\n\n::: trainer\nSee [@sec:roles].\n:::\n');
  const plans = chapter(
    '02-plans.md',
    '## Plan {#sec:plan}\n\n| Time | Activity |\n|---|---|\n| 0:00 | Roles — [@sec:roles] |\n\nAlso [@sec:plan].\n',
    ['trainer'],
  );

  it('knows which lines of a chapter the participant edition does not have: a trainer-only chapter, a hidden block', () => {
    const [first, second] = parse([lesson, plans]);
    const lessonHidden = linesHiddenFrom(first!, participant, config);
    expect([5, 7, 9, 10, 11, 12].map(lessonHidden)).toEqual([false, false, true, true, true, false]);
    expect(linesHiddenFrom(second!, participant, config)(5)).toBe(true);
  });

  it('adds a page slot after a reference from a hidden place to an item the participant edition has, and nothing elsewhere', () => {
    const parsed = parse([lesson, plans]);
    const source = sourceItems(parse([lesson, plans], participant));
    const slots = new Map<string, ConcordanceSlot>();
    const refs = new Map(parsed.flatMap((p) => p.targets.map((target) => [target.key, target] as const)));
    const afterReference = (
      target: Parameters<typeof participantPageOfReference>[0],
      at: Parameters<typeof participantPageOfReference>[1],
    ) =>
      participantPageOfReference(target, at, {
        parsed,
        source,
        hiddenFromSource: (c) => linesHiddenFrom(c, participant, config),
        slots,
        t,
      });
    const html = parsed
      .map((p) => renderChapterBody(p, { refs, t, bag: new DiagnosticBag(), edition: 'trainer', afterReference }))
      .join('');
    // The lesson's own text: the trainer page only. Its trainer block and the plans: the participant page too.
    expect(html.match(/manual p\. /g)).toHaveLength(2);
    expect(html).toContain(
      '<span class="cb-concordance-xref">manual p. <a class="cb-pageref cb-concordance-slot" id="cbpc--1" href="#cbpc--1">\u2007</a></span>',
    );
    // `[@sec:plan]` is in the plans too, but the participant edition has no such item.
    const roles = itemKey(
      parsed[0]!,
      parsed[0]!.targets.find((x) => x.key === 'sec:roles')!,
    );
    expect([...slots.values()]).toEqual([
      { key: roles, kind: 'page' },
      { key: roles, kind: 'page' },
    ]);
  });
});
