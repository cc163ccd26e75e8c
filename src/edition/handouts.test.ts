import { describe, expect, it } from '@jest/globals';
import type { Chapter } from '../content/types.ts';
import type { EditionConfig } from '../config/types.ts';
import { collectHandouts, handoutDisplay, handoutReferences, numberInlineHandouts, withHandoutPlaceholders } from './handouts.ts';
import type { ConcordanceSlot } from './concordance.ts';

const chapter = (name: string, body: string): Chapter => ({
  file: `/c/content/en/${name}`,
  relPath: `content/en/${name}`,
  name,
  lang: 'en',
  frontMatter: { title: name },
  body,
  bodyStartLine: 5,
  frontMatterLines: { title: 2 },
  fallback: false,
});

const edition = (includes: string[]): EditionConfig => ({ name: 'x', label: {}, includes });

describe('handouts', () => {
  const one = chapter('01-a.md', 'Text.\n');
  const two = chapter(
    '02-b.md',
    'Intro.\n\n::: handout Role cards\nCard A.\n\n::: trainer\nHint.\n:::\n:::\n\nMore.\n\n::: handout Form\nName:\n:::\n',
  );
  const handouts = collectHandouts([one, two]);

  it("numbers handouts per chapter, by the chapter's place in the course, with their Markdown and file line", () => {
    expect(handouts.map((h) => [h.id, h.number, h.title, h.firstLine])).toEqual([
      ['handout-02-b-1', '2.1', 'Role cards', 8],
      ['handout-02-b-2', '2.2', 'Form', 18],
    ]);
    expect(handouts[0]!.markdown).toBe('Card A.\n\n::: trainer\nHint.\n:::');
  });

  it('shows handouts inline only where an edition includes them; trainer editions get a reference line, others nothing', () => {
    expect(handoutDisplay(edition(['trainer', 'answer']))).toBe('reference');
    expect(handoutDisplay(edition(['participant']))).toBe('none');
    expect(handoutDisplay(edition(['participant', 'handout']))).toBe('inline');
  });

  it('numbers the handouts an edition shows inline, in order within their chapter', () => {
    const html =
      '<aside class="callout callout-handout" data-block="handout"><p class="callout-title">Role cards</p>\n</aside>\n<aside class="callout callout-handout" data-block="handout"><p>Name:</p></aside>';
    expect(numberInlineHandouts(html, two, handouts, 'Handout')).toBe(
      '<aside class="callout callout-handout" data-block="handout"><p class="callout-title">Handout 2.1 — Role cards</p>\n</aside>\n' +
        '<aside class="callout callout-handout" data-block="handout"><p class="callout-title">Handout 2.2</p>\n<p>Name:</p></aside>',
    );
  });

  it("replaces each block by a reference with a page slot, keeping the chapter's line numbers", () => {
    const replaced = withHandoutPlaceholders(two, handouts);
    expect(replaced.body.split('\n')).toHaveLength(two.body.split('\n').length);
    expect(replaced.body).not.toContain('Card A');
    const slots = new Map<string, ConcordanceSlot>();
    const t = (key: string, vars?: Record<string, string | number>) =>
      key === 'trainertools.handoutRef' ? `Handout ${vars!['number']}, page ${vars!['page']}` : key;
    const html = handoutReferences(replaced.body, handouts, slots, t);
    expect(html).toContain('Handout 2.1 — Role cards, page <a class="cb-pageref cb-concordance-slot" id="cbho--1" href="#cbho--1">');
    expect([...slots.values()]).toEqual([
      { key: 'handout-02-b-1', kind: 'page' },
      { key: 'handout-02-b-2', kind: 'page' },
    ]);
  });
});

describe("the leak guard and the trainer's tools", () => {
  it('treats a handout, and the terms of a trainer-only index mark, as words an edition must not print', async () => {
    const { testBookConfig } = await import('../../test/helpers/book-config.ts');
    const { editionText } = await import('../report/leak-guard/edition-text.ts');
    const { findLeaks, letters, probesFor } = await import('../report/leak-guard/probes.ts');
    const config = testBookConfig('/course', { title: 'Cash Basics', languages: ['en'] });
    const body = [
      'The vault is counted daily.',
      '',
      '::: handout Role cards',
      'Card A. The cashier reconciles the ledger with the tills before noon.',
      ':::',
      '',
      '::: trainer',
      'Point at the [drawer]{.index term="overnight discrepancies!recounting procedure"} again.',
      ':::',
    ].join('\n');
    const ch = chapter('01-a.md', body);
    for (const edition of config.editions) {
      const { hidden, shown } = editionText(config, edition, [ch], 'en');
      const probes = probesFor(hidden, letters(shown));
      // The handout is hidden from both editions; the trainer-only mark from the participant edition only.
      expect(
        findLeaks(letters('Card A. The cashier reconciles the ledger with the tills before noon.'), probes, edition.name),
      ).toHaveLength(1);
      // An index mark's term= words are words of the block holding it: hidden with it, or shown (in the index) with it.
      // (Eight-word probes cannot catch a short term on its own: the index is built from the edition's own HTML, which
      // never holds a hidden block; e2e tests check the trainer-only marks are missing from the participant index.)
      const trainer = edition.includes.includes('trainer');
      expect(hidden.some((p) => p.text.includes('overnight discrepancies recounting procedure'))).toBe(!trainer);
      expect(shown.includes('overnight discrepancies recounting procedure')).toBe(trainer);
    }
  });
});
