import { describe, expect, it } from '@jest/globals';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { flattenDivs, removeHiddenDivs, scanFencedDivs } from './fenced-divs.ts';

const FILE = 'content/fr/02-governance.md';

/** Lines joined with \n; the first line of `body` is line `firstLine` of the file. */
function scan(lines: string[], firstLine = 1) {
  const bag = new DiagnosticBag();
  const body = lines.join('\n');
  const divs = scanFencedDivs(body, firstLine, FILE, bag);
  return { bag, body, divs };
}

describe('scanFencedDivs', () => {
  it('finds nested divs with their names, titles and file line numbers', () => {
    const { bag, divs } = scan(
      [
        'Intro.', //                       6
        '', //                             7
        '::: exercise Calculer le PAR30', // 8
        'Énoncé.', //                      9
        '', //                             10
        '::: answer', //                   11
        'La réponse.', //                  12
        ':::', //                          13
        ':::', //                          14
        '', //                             15
        '::: trainer', //                  16
        'Note.', //                        17
        ':::', //                          18
      ],
      6,
    );
    expect(bag.items).toEqual([]);
    expect(divs).toHaveLength(2);
    const [exercise, trainer] = divs;
    expect(exercise).toMatchObject({
      name: 'exercise',
      title: 'Calculer le PAR30',
      openLine: 8,
      closeLine: 14,
      openIndex: 2,
      closeIndex: 8,
    });
    expect(exercise!.children).toHaveLength(1);
    expect(exercise!.children[0]).toMatchObject({ name: 'answer', title: '', openLine: 11, closeLine: 13, openIndex: 5, closeIndex: 7 });
    expect(trainer).toMatchObject({ name: 'trainer', openLine: 16, closeLine: 18, children: [] });
    expect(flattenDivs(divs).map((d) => d.name)).toEqual(['exercise', 'answer', 'trainer']);
  });

  it('accepts longer fences, {.name} attribute syntax and lower-cases the name', () => {
    const { bag, divs } = scan(['::::: {.Keypoint}', 'x', ':::::']);
    expect(bag.items).toEqual([]);
    expect(divs[0]).toMatchObject({ name: 'keypoint', openLine: 1, closeLine: 3 });
  });

  it('ignores ":::" lines inside fenced code blocks', () => {
    const { bag, divs } = scan([
      '::: exercise Écrire un div', // 1
      '```markdown', //                2
      '::: trainer', //                3
      ':::', //                        4
      '```', //                        5
      '~~~', //                        6
      ':::', //                        7
      '```', //                        8  (a backtick line does not close a tilde fence)
      '~~~', //                        9
      ':::', //                        10
    ]);
    expect(bag.items).toEqual([]);
    expect(divs).toHaveLength(1);
    expect(divs[0]).toMatchObject({ name: 'exercise', openLine: 1, closeLine: 10, children: [] });
  });

  it('only closes a code fence with a fence at least as long as the opening one', () => {
    const { bag, divs } = scan([
      '::: keypoint', // 1
      '````markdown', // 2
      '```', //          3  (content of the four-backtick block)
      ':::', //          4  (content too)
      '```', //          5
      '````', //         6
      ':::', //          7
    ]);
    expect(bag.items).toEqual([]);
    expect(divs).toHaveLength(1);
    expect(divs[0]).toMatchObject({ name: 'keypoint', openLine: 1, closeLine: 7 });
  });

  it('reports an unclosed div at its opening line', () => {
    const { bag, divs } = scan(['Texte.', '', '::: exercise A', '::: answer', 'Réponse.', ':::', 'Fin.'], 10);
    expect(bag.errors).toHaveLength(1);
    expect(bag.errors[0]).toMatchObject({ code: 'markdown/unclosed-div', file: FILE, line: 12, column: 1 });
    expect(bag.errors[0]!.message).toContain('exercise');
    expect(divs[0]).toMatchObject({ name: 'exercise', closeLine: -1, closeIndex: -1 });
    expect(divs[0]!.children[0]).toMatchObject({ name: 'answer', openLine: 13, closeLine: 15 });
  });

  it('reports a closing fence without an opening one, with its line', () => {
    const { bag, divs } = scan(['::: trainer', 'x', ':::', '', ':::', 'y'], 4);
    expect(divs).toHaveLength(1);
    expect(bag.errors).toEqual([expect.objectContaining({ code: 'markdown/stray-fence', file: FILE, line: 8, column: 1 })]);
  });

  it('reports nothing for a closing fence written in a code block', () => {
    const { bag, divs } = scan(['```', ':::', '```']);
    expect(divs).toEqual([]);
    expect(bag.items).toEqual([]);
  });
});

describe('removeHiddenDivs', () => {
  const lines = [
    'Avant.', //               0
    '::: exercise E', //       1
    'Énoncé.', //              2
    '::: answer', //           3
    'Secret réponse.', //      4
    ':::', //                  5
    ':::', //                  6
    '::: trainer', //          7
    'Secret formateur[^n].', // 8
    '', //                     9
    '[^n]: Note secrète.', //  10
    ':::', //                  11
    'Après.', //               12
  ];

  it('blanks hidden divs (with what they contain) and keeps every other line in place', () => {
    const { body, divs } = scan(lines);
    const visible = removeHiddenDivs(body, divs, (name) => name === 'exercise');
    const out = visible.split('\n');
    expect(out).toHaveLength(lines.length);
    expect(out).toEqual(['Avant.', '::: exercise E', 'Énoncé.', '', '', '', ':::', '', '', '', '', '', 'Après.']);
    expect(visible).not.toContain('Secret');
  });

  it('blanks a nested div inside a visible one, and everything inside a hidden parent', () => {
    const { body, divs } = scan(lines);
    // The answer would be visible, but its exercise is not: nothing of either remains.
    const out = removeHiddenDivs(body, divs, (name) => name !== 'exercise').split('\n');
    expect(out).toHaveLength(lines.length);
    expect(out.slice(1, 7)).toEqual(['', '', '', '', '', '']);
    expect(out[8]).toBe('Secret formateur[^n].');
  });

  it('leaves the body unchanged when everything is visible', () => {
    const { body, divs } = scan(lines);
    expect(removeHiddenDivs(body, divs, () => true)).toBe(body);
  });

  it('blanks an unclosed hidden div to the end of the body', () => {
    const { body, divs } = scan(['a', '::: trainer', 'b', 'c']);
    expect(removeHiddenDivs(body, divs, () => false)).toBe('a\n\n\n');
  });
});
