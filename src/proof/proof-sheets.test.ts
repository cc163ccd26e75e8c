import { describe, expect, it } from '@jest/globals';
import { spreadsOf } from './proof-sheets.ts';

describe('spreadsOf', () => {
  it('puts page 1 alone on the right, then versos and rectos side by side', () => {
    expect(spreadsOf(5)).toEqual([
      [null, 0],
      [1, 2],
      [3, 4],
    ]);
  });
  it('leaves a last verso alone on the left', () => {
    expect(spreadsOf(4)).toEqual([
      [null, 0],
      [1, 2],
      [3, null],
    ]);
  });
  it('has no spread for no page', () => {
    expect(spreadsOf(0)).toEqual([]);
  });
});
