import { describe, expect, test } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { writeMetadata } from '../assemble/metadata.ts';
import { preflightPdf } from './preflight.ts';

const META = { title: 'T', author: 'A', subject: '', keywords: [], lang: 'en', producer: 'p', date: new Date(0), inputsDigest: 'x' };

async function untaggedPdf(claimsUa: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([595, 842]).drawRectangle({ x: 10, y: 10, width: 20, height: 20 });
  if (claimsUa) writeMetadata(doc, META, { document: 'interior', standard: null });
  return doc.save();
}

describe('preflight with the structure check', () => {
  test('a file claiming PDF/UA without tags fails, each problem with its hint and page', async () => {
    const found = await preflightPdf(await untaggedPdf(true), { target: 'office', color: 'as-designed', structure: true });
    const structure = found.filter((v) => v.code.startsWith('structure/'));
    expect(structure.map((v) => v.code)).toEqual(expect.arrayContaining(['structure/not-marked', 'structure/no-structure-tree']));
    expect(structure.every((v) => v.severity === 'error' && v.hint.length > 0)).toBe(true);
  });

  test('an untagged file that claims nothing is not held to PDF/UA; nor is any file without structure: true', async () => {
    const plain = await preflightPdf(await untaggedPdf(false), { target: 'office', color: 'as-designed', structure: true });
    expect(plain.filter((v) => v.code.startsWith('structure/'))).toEqual([]);
    const unchecked = await preflightPdf(await untaggedPdf(true), { target: 'office', color: 'as-designed' });
    expect(unchecked.filter((v) => v.code.startsWith('structure/'))).toEqual([]);
  });
});
