import { describe, expect, it } from '@jest/globals';
import { forgetTextMemos, memoizeByText, rememberTexts } from './text-memo.ts';

describe('memoizeByText', () => {
  const counting = (): { calls: string[]; length: (text: string) => number } => {
    const calls: string[] = [];
    return { calls, length: (text) => (calls.push(text), text.length) };
  };

  it('computes a text once, even given as another string with the same characters', () => {
    const { calls, length } = counting();
    const memo = memoizeByText(length, 100);
    expect(memo('chapter one')).toBe(11);
    expect(memo(['chapter', 'one'].join(' '))).toBe(11);
    expect(calls).toEqual(['chapter one']);
  });

  it('computes every time in a process that builds once (rememberTexts(false)), and remembers again when turned back on', () => {
    const { calls, length } = counting();
    const memo = memoizeByText(length, 100);
    rememberTexts(false);
    try {
      expect(memo('chapter one')).toBe(11);
      expect(memo('chapter one')).toBe(11);
      expect(calls).toEqual(['chapter one', 'chapter one']);
    } finally {
      rememberTexts(true);
    }
    memo('chapter two');
    memo('chapter two');
    expect(calls).toEqual(['chapter one', 'chapter one', 'chapter two']);
  });

  it('computes again for a changed text', () => {
    const { calls, length } = counting();
    const memo = memoizeByText(length, 100);
    memo('Ce paragraphe reste.');
    expect(memo('Ce paragraphe change.')).toBe(21);
    expect(calls).toEqual(['Ce paragraphe reste.', 'Ce paragraphe change.']);
  });

  it('keeps texts up to the length given, dropping the least recently used', () => {
    const { calls, length } = counting();
    const memo = memoizeByText(length, 10);
    memo('aaaa');
    memo('bbbb');
    memo('aaaa'); // now the most recently used
    memo('cccc'); // 12 characters: bbbb goes
    memo('aaaa');
    memo('bbbb');
    expect(calls).toEqual(['aaaa', 'bbbb', 'cccc', 'bbbb']);
  });

  it('does not keep a text longer than the whole budget', () => {
    const { calls, length } = counting();
    const memo = memoizeByText(length, 3);
    memo('long text');
    memo('long text');
    expect(calls).toEqual(['long text', 'long text']);
  });

  it('computes again once every memo has forgotten (a process that builds once)', () => {
    const { calls, length } = counting();
    const memo = memoizeByText(length, 100);
    memo('chapitre un');
    forgetTextMemos();
    expect(memo('chapitre un')).toBe(11);
    memo('chapitre un');
    expect(calls).toEqual(['chapitre un', 'chapitre un']);
  });
});
