import { describe, expect, it } from '@jest/globals';
import { matchPages, pageKey } from './page-match.ts';

describe('matchPages', () => {
  it('matches an inserted page as one added page, the later pages as the same', () => {
    const before = ['a', 'b', 'c', 'd'];
    const after = ['a', 'b', 'x', 'c', 'd'];
    expect(matchPages(before, after)).toEqual([
      { kind: 'same', old: 0, new: 0 },
      { kind: 'same', old: 1, new: 1 },
      { kind: 'added', new: 2 },
      { kind: 'same', old: 2, new: 3 },
      { kind: 'same', old: 3, new: 4 },
    ]);
  });

  it('pairs removed and added pages at the same place as changed pages, the surplus as removed', () => {
    expect(matchPages(['a', 'b', 'c', 'd'], ['a', 'B', 'd'])).toEqual([
      { kind: 'same', old: 0, new: 0 },
      { kind: 'changed', old: 1, new: 1 },
      { kind: 'removed', old: 2 },
      { kind: 'same', old: 3, new: 2 },
    ]);
  });

  it('reports a removed last page and nothing else', () => {
    expect(matchPages(['a', 'b'], ['a'])).toEqual([
      { kind: 'same', old: 0, new: 0 },
      { kind: 'removed', old: 1 },
    ]);
  });
});

describe('pageKey', () => {
  it('leaves out the folio, so a page that only moved keeps its key', () => {
    expect(pageKey('Chapter title\nSome text here.\n12', '12')).toBe(pageKey('Chapter title\nSome text here.\n13', '13'));
    expect(pageKey('Some text.\n12', '12')).not.toBe(pageKey('Other text.\n12', '12'));
  });
});
