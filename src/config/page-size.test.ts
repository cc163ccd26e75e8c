import { describe, expect, it } from '@jest/globals';
import { parseLength, parsePageSize } from './page-size.ts';

describe('parsePageSize', () => {
  it('knows the named sizes, whatever their case', () => {
    expect(parsePageSize('A4')).toEqual({ widthMm: 210, heightMm: 297 });
    expect(parsePageSize('A5')).toEqual({ widthMm: 148, heightMm: 210 });
    expect(parsePageSize('B5')).toEqual({ widthMm: 176, heightMm: 250 });
    expect(parsePageSize('Letter')).toEqual({ widthMm: 215.9, heightMm: 279.4 });
    expect(parsePageSize('letter')).toEqual({ widthMm: 215.9, heightMm: 279.4 });
  });

  it('parses a custom "<width> <height>" in any supported unit', () => {
    expect(parsePageSize('170mm 240mm')).toEqual({ widthMm: 170, heightMm: 240 });
    expect(parsePageSize('17cm 24cm')).toEqual({ widthMm: 170, heightMm: 240 });
    expect(parsePageSize('6in 9in')).toEqual({ widthMm: 152.4, heightMm: 228.6 });
    expect(parsePageSize('432pt 648pt')).toEqual({ widthMm: 152.4, heightMm: 228.6 });
    expect(parsePageSize('170mm x 240mm')).toEqual({ widthMm: 170, heightMm: 240 });
  });

  it('rejects unknown names, missing or zero dimensions', () => {
    expect(parsePageSize('A3')).toBeNull();
    expect(parsePageSize('170mm')).toBeNull();
    expect(parsePageSize('170mm 240mm 3mm')).toBeNull();
    expect(parsePageSize('0mm 240mm')).toBeNull();
    expect(parsePageSize('170px 240px')).toBeNull();
    expect(parsePageSize('')).toBeNull();
  });
});

describe('parseLength', () => {
  it('converts lengths to millimetres', () => {
    expect(parseLength('3mm')).toBe(3);
    expect(parseLength('0.1mm')).toBe(0.1);
    expect(parseLength('1in')).toBe(25.4);
    expect(parseLength('2.5cm')).toBe(25);
    expect(parseLength('12pt')).toBe(4.233333);
    expect(parseLength(' 3 mm ')).toBe(3);
    expect(parseLength('3MM')).toBe(3);
  });

  it('reads a bare number, or a numeric string, as millimetres', () => {
    expect(parseLength(0)).toBe(0);
    expect(parseLength(12.5)).toBe(12.5);
    expect(parseLength('4')).toBe(4);
  });

  it('rejects negative, non-finite and unit-less garbage', () => {
    expect(parseLength('-3mm')).toBeNull();
    expect(parseLength(-1)).toBeNull();
    expect(parseLength(Number.NaN)).toBeNull();
    expect(parseLength(Number.POSITIVE_INFINITY)).toBeNull();
    expect(parseLength('3px')).toBeNull();
    expect(parseLength('mm')).toBeNull();
    expect(parseLength('')).toBeNull();
    expect(parseLength('3mm 4mm')).toBeNull();
  });
});
