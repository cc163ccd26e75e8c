import { describe, expect, test } from '@jest/globals';
import { PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import './pdf-lib-pools.ts';

describe('pdf-lib pools', () => {
  test('PDFName.of gives the one instance per name, escapes decoded, whatever the spelling', () => {
    const plain = PDFName.of('A B');
    expect(PDFName.of('A#20B')).toBe(plain);
    expect(PDFName.of('A#20B')).toBe(plain);
    expect(PDFName.of('A B')).toBe(plain);
    expect(plain.asString()).toBe('/A#20B');
    expect(PDFName.of('Type')).toBe(PDFName.Type);
  });

  test('PDFRef.of gives the one instance per object and generation', () => {
    expect(PDFRef.of(12)).toBe(PDFRef.of(12, 0));
    expect(PDFRef.of(12).tag).toBe('12 0 R');
    expect(PDFRef.of(12, 3)).toBe(PDFRef.of(12, 3));
    expect(PDFRef.of(12, 3)).not.toBe(PDFRef.of(12));
    expect(PDFRef.of(12, 3).tag).toBe('12 3 R');
  });

  test('a document parsed with the pools reads back as written', async () => {
    const doc = await PDFDocument.create();
    const target = doc.context.register(doc.context.obj({ Kind: 'Target' }));
    doc.catalog.set(PDFName.of('Odd#20Key'), target);
    const bytes = await doc.save({ useObjectStreams: false });
    const parsed = await PDFDocument.load(bytes);
    const ref = parsed.catalog.get(PDFName.of('Odd Key'));
    expect(ref).toBe(PDFRef.of(target.objectNumber));
    expect(parsed.context.lookup(ref)?.toString()).toContain('/Kind /Target');
  });
});
