import { describe, expect, it } from '@jest/globals';
import { leadingAttributes, parseAttributes, trailingAttributes } from './attributes.ts';

describe('Pandoc attributes', () => {
  it('reads ids, classes and quoted, single-quoted and bare values', () => {
    expect(parseAttributes(`#fig:cycle .wide alt="Le cycle \\"du\\" crédit" width=60% title='a b'`)).toEqual({
      id: 'fig:cycle',
      classes: ['wide'],
      values: { alt: 'Le cycle "du" crédit', width: '60%', title: 'a b' },
    });
    expect(parseAttributes('-')).toEqual({ id: null, classes: ['unnumbered'], values: {} });
  });

  it('is not an attribute list when an item is not one', () => {
    expect(parseAttributes('')).toBeNull();
    expect(parseAttributes('x + y')).toBeNull();
    expect(parseAttributes('.a b')).toBeNull();
  });

  it('finds attributes at the start or the end of a text, braces in quotes included', () => {
    expect(leadingAttributes('{.index} rest')).toEqual({ attributes: { id: null, classes: ['index'], values: {} }, length: 8 });
    expect(leadingAttributes('{x}')).toBeNull();
    expect(trailingAttributes('Title {#sec:a .unnumbered}')).toEqual({
      text: 'Title ',
      attributes: { id: 'sec:a', classes: ['unnumbered'], values: {} },
    });
    expect(trailingAttributes(`Sum {alt="a {b} c"}`)?.attributes.values).toEqual({ alt: 'a {b} c' });
    expect(trailingAttributes('Set {1, 2}')).toBeNull();
  });
});
