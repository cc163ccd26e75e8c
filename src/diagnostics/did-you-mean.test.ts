import { describe, expect, it } from '@jest/globals';
import { didYouMean } from './did-you-mean.ts';

describe('didYouMean', () => {
  const keys = ['title', 'duration', 'objectives', 'source_hash', 'exercise', 'trainer'];

  it('forgives case, separators and a few letters', () => {
    expect(didYouMean('Titel', keys)).toBe('title');
    expect(didYouMean('source-hash', keys)).toBe('source_hash');
    expect(didYouMean('sourcehash', keys)).toBe('source_hash');
    expect(didYouMean('exercice', keys)).toBe('exercise');
    expect(didYouMean('objectifs', keys)).toBe('objectives');
  });

  it('offers nothing for a name that is not a slip of any candidate', () => {
    expect(didYouMean('teaching', keys)).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });
});
