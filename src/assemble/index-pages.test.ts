import { describe, expect, it } from '@jest/globals';
import { pageRuns } from './index-pages.ts';

describe('index page runs', () => {
  const body = (): string => 'body';
  it('lists each page once and joins consecutive pages into ranges', () => {
    expect(pageRuns([14, 3, 12, 13, 3, 20], body)).toEqual([
      { first: 3, last: 3 },
      { first: 12, last: 14 },
      { first: 20, last: 20 },
    ]);
  });
  it('does not join a roman front-matter page to the first arabic page', () => {
    expect(pageRuns([4, 5], (i) => (i < 5 ? 'front' : 'body'))).toEqual([
      { first: 4, last: 4 },
      { first: 5, last: 5 },
    ]);
  });
});
