import { describe, expect, it } from '@jest/globals';
import { SourceLocator } from './locate.ts';

describe('SourceLocator', () => {
  const source = ['Intro [@fig:a].', '', 'Again [@fig:a] and', '  [@tbl:b]'].join('\n');

  it("gives a text's line (counted from the body's first line in its file) and column, successive occurrences in turn", () => {
    const locator = new SourceLocator(source, 5);
    expect(locator.locate('[@fig:a]')).toEqual({ line: 5, column: 7 });
    expect(locator.locate('[@fig:a]')).toEqual({ line: 7, column: 7 });
    // Past the last occurrence: the first one again.
    expect(locator.locate('[@fig:a]')).toEqual({ line: 5, column: 7 });
    expect(locator.locate('[@tbl:b]')).toEqual({ line: 8, column: 3 });
  });

  it("falls back to the body's first line for a text it cannot find, and places offsets at line ends and the end", () => {
    const locator = new SourceLocator(source, 1);
    expect(locator.locate('nowhere')).toEqual({ line: 1, column: 1 });
    expect(locator.positionOf(source.indexOf('\n'))).toEqual({ line: 1, column: 16 });
    expect(locator.positionOf(source.length)).toEqual({ line: 4, column: 11 });
    expect(new SourceLocator('', 3).positionOf(0)).toEqual({ line: 3, column: 1 });
  });
});
