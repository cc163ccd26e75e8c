import { describe, expect, it } from '@jest/globals';
import { itemAt } from './item-at.ts';

describe('itemAt', () => {
  it('gives the item at an index the list holds, falsy items included', () => {
    const list = ['a', '', 'c'];
    expect(itemAt(list, 0)).toBe('a');
    expect(itemAt(list, 1)).toBe('');
    expect(itemAt([0, 7], 0)).toBe(0);
  });

  it('names the index and the length when the list does not hold it', () => {
    expect(() => itemAt(['a', 'b'], 2)).toThrow(new RangeError('no item at index 2 of a list of 2'));
    expect(() => itemAt(['a'], -1)).toThrow(RangeError);
  });
});
