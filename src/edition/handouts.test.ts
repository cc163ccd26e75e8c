import { describe, expect, it } from '@jest/globals';
import type { Chapter } from '../content/types.ts';
import type { EditionConfig } from '../config/types.ts';
import { collectHandouts, handoutDisplay, handoutReferences, withHandoutPlaceholders } from './handouts.ts';
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
  const two = chapter('02-b.md', 'Intro.\n\n::: handout Role cards\nCard A.\n\n::: trainer\nHint.\n:::\n:::\n\nMore.\n\n::: handout Form\nName:\n:::\n');
  const handouts = collectHandouts([one, two]);

  it('numbers handouts per chapter, by the chapter\'s place in the course, with their Markdown and file line', () => {
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

  it('replaces each block by a reference with a page slot, keeping the chapter\'s line numbers', () => {
    const replaced = withHandoutPlaceholders(two, handouts);
    expect(replaced.body.split('\n')).toHaveLength(two.body.split('\n').length);
    expect(replaced.body).not.toContain('Card A');
    const slots = new Map<string, ConcordanceSlot>();
    const t = (key: string, vars?: Record<string, string | number>) => (key === 'trainertools.handoutRef' ? `Handout ${vars!['number']}, page ${vars!['page']}` : key);
    const html = handoutReferences(replaced.body, handouts, slots, t);
    expect(html).toContain('Handout 2.1 — Role cards, page <a class="cb-pageref cb-concordance-slot" id="cbho--1" href="#cbho--1">');
    expect([...slots.values()]).toEqual([
      { key: 'handout-02-b-1', kind: 'page' },
      { key: 'handout-02-b-2', kind: 'page' },
    ]);
  });
});
