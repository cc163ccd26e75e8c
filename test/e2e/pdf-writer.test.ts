/**
 * savePdf (src/assemble/write-pdf.ts) against pdf-lib's own `doc.save` on
 * every PDF the shared sample build wrote (all languages, editions, handouts,
 * covers; right-to-left, Arabic digits, print boxes, outlines, structure
 * trees as the assembly leaves them): parsed, then written both ways, the
 * bytes must be the same. The unit tests (write-pdf.test.ts) do the same on
 * documents in memory, before they are ever parsed.
 */
import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, ParseSpeeds } from 'pdf-lib';
import { SAVE_OPTIONS } from '../../src/assemble/assemble-interior.ts';
import { savePdf } from '../../src/assemble/write-pdf.ts';
import { SAMPLE_OUT, sampleOutputs } from './sample-paths.ts';

const outputs = sampleOutputs();
const label = (file: string): string => path.relative(path.dirname(SAMPLE_OUT), file);
const load = (bytes: Uint8Array): Promise<PDFDocument> =>
  PDFDocument.load(bytes, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });

test('the shared build wrote the PDFs compared here', () => {
  expect(outputs.filter((file) => file.endsWith('participant.pdf')).length).toBeGreaterThanOrEqual(3);
});

describe.each(outputs.map((file) => [label(file), file]))('%s', (_name, file) => {
  test('written by savePdf, it has the bytes pdf-lib saves', async () => {
    const bytes = fs.readFileSync(file);
    const [forSave, forSavePdf] = [await load(bytes), await load(bytes)];
    const expected = Buffer.from(await forSave.save(SAVE_OPTIONS));
    const actual = Buffer.from(await savePdf(forSavePdf));
    expect(actual.length).toBe(expected.length);
    expect(actual.equals(expected)).toBe(true);
  });
});
