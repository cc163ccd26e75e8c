/** Every operator of every content stream of a PDF (pages, forms, patterns, glyphs, appearances), as "operands operator". */
import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { parseContent } from '../../src/assemble/color/content-stream.ts';
import { collectObjects } from '../../src/preflight/walk.ts';

export async function contentOperators(file: string): Promise<string[]> {
  const doc = await PDFDocument.load(fs.readFileSync(file), { updateMetadata: false });
  return collectObjects(doc).contents.flatMap((unit) =>
    parseContent(unit.text).map((op) => `${op.operands.map((o) => o.text).join(' ')} ${op.operator}`.trim()),
  );
}
