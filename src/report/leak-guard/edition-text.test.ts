import { describe, expect, it } from '@jest/globals';
import { testBookConfig } from '../../../test/helpers/book-config.ts';
import { testChapter } from '../../../test/helpers/chapter.ts';
import type { Chapter } from '../../content/types.ts';
import { findLeaks, letters, probesFor } from './probes.ts';
import { editionText } from './edition-text.ts';

const config = testBookConfig('/course', { title: 'Shell Basics', languages: ['en'] });
const participant = config.editions[0]!;

function chapter(body: string, name = '01-files.md'): Chapter {
  return testChapter({ root: '/course', lang: 'en', name, title: 'Moving files around', body });
}

// An exercise whose answer is made of the shell commands it already prints.
const EXERCISE = [
  'Sort the notes of the survey.',
  '',
  '::: exercise Tidy the survey folder',
  'The folder holds `survey-north.txt`, `survey-south.txt` and `summary.csv`. Which commands put the two surveys in `raw/` and keep a copy of the summary?',
  '',
  '```',
  'mkdir raw',
  'mv survey-north.txt survey-south.txt raw/',
  'cp summary.csv summary-backup.csv',
  '```',
  '',
  '::: answer',
  '```',
  'mkdir raw',
  'mv survey-north.txt survey-south.txt raw/',
  'cp summary.csv summary-backup.csv',
  '```',
  ':::',
  ':::',
  '',
].join('\n');

/** What the printed participant edition reads as: everything it shows, in order. */
function printedText(body: string): string {
  return letters(editionText(config, participant, [chapter(body)], 'en').shown);
}

describe('editionText and the leak probes', () => {
  it('finds no leak in an answer whose every word the visible exercise prints (the false alarm)', () => {
    const { hidden, shown } = editionText(config, participant, [chapter(EXERCISE)], 'en');
    expect(hidden).toHaveLength(1);
    expect(hidden[0]).toMatchObject({ file: 'content/en/01-files.md', line: 15 });
    // The old guard searched for the answer's own words and found them in the exercise.
    expect(findLeaks(printedText(EXERCISE), probesFor(hidden), 'en/participant')).toHaveLength(1);
    expect(findLeaks(printedText(EXERCISE), probesFor(hidden, letters(shown)), 'en/participant')).toEqual([]);
  });

  it('still catches the words only the hidden block has, wherever they are printed', () => {
    const body = EXERCISE.replace(
      'cp summary.csv summary-backup.csv\n```\n:::',
      'cp summary.csv summary-backup.csv\n```\n\nA backup kept beside the original is lost with the disk: say why it still helps here.\n:::',
    );
    const { hidden, shown } = editionText(config, participant, [chapter(body)], 'en');
    const probes = probesFor(hidden, letters(shown));
    expect(probes.length).toBeGreaterThan(0);
    // Printed as the edition should be: no leak.
    expect(findLeaks(printedText(body), probes, 'en/participant')).toEqual([]);
    // A template (or the wrong edition's filter) prints the answer: the sentence only it has gives it away.
    const leaked = `${printedText(body)}${letters('A backup kept beside the original is lost with the disk: say why it still helps here.')}`;
    expect(findLeaks(leaked, probes, 'en/participant')).toEqual([
      expect.objectContaining({ code: 'leak/excluded-text', file: 'content/en/01-files.md', line: 15 }),
    ]);
  });

  it('searches a chapter left out of the edition for what no visible chapter says', () => {
    const trainerOnly = {
      ...chapter('Run the session in two halves of forty minutes each, with the break after the survey exercise.', '02-plan.md'),
    };
    trainerOnly.frontMatter = { title: 'Session plan', editions: ['trainer'] };
    const { hidden, shown } = editionText(config, participant, [chapter(EXERCISE), trainerOnly], 'en');
    expect(hidden.map((p) => p.what)).toEqual(['"::: answer" block', 'chapter "Session plan"']);
    const probes = probesFor(hidden, letters(shown));
    expect(probes.every((p) => p.passage.file === 'content/en/02-plan.md')).toBe(true);
    expect(findLeaks(`${letters(shown)}${letters(trainerOnly.body)}`, probes, 'en/participant')).toHaveLength(1);
  });

  it('counts the titles of visible blocks and table captions as shown', () => {
    const body =
      '::: exercise Reconcile the cash book with the bank statement today\nDo it.\n:::\n\n::: trainer\nReconcile the cash book with the bank statement today\n:::\n';
    const { hidden, shown } = editionText(config, participant, [chapter(body)], 'en');
    expect(probesFor(hidden, letters(shown))).toEqual([]);
  });

  it("hides blocks by their aliases and the course's own callouts by their editions", () => {
    const withBlocks = testBookConfig('/course', {
      languages: ['en'],
      blocks: {
        instructor: { kind: 'alias', target: 'trainer' },
        testimony: { kind: 'callout', label: { en: 'In the field' }, editions: ['trainer'] },
      },
    });
    const body =
      '::: {.instructor}\nDraw the folder tree on the board before the first command.\n:::\n\n::: testimony\nA branch manager lost a week of records by saving over the wrong file.\n:::\n';
    const { hidden } = editionText(withBlocks, withBlocks.editions[0]!, [chapter(body)], 'en');
    expect(hidden.map((p) => [p.what, p.line])).toEqual([
      ['"::: instructor" block', 4],
      ['"::: testimony" block', 8],
    ]);
  });
});
