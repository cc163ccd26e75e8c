import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { dropParsedAhead, parseAhead, takeParsedAhead } from './parsed-ahead.ts';
import { loadPart } from './merge-parts.ts';

async function printedPart(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let i = 0; i < pages; i++) doc.addPage([200, 200]).drawText(`page ${i + 1}`, { x: 20, y: 20, size: 10 });
  return doc.save({ useObjectStreams: false });
}

const saved = (doc: PDFDocument | null): Promise<Uint8Array> | null => doc?.save({ useObjectStreams: false }) ?? null;

describe('parts parsed ahead', () => {
  it("gives, once, the document the part's bytes give; nothing for a file it could not read", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-ahead-'));
    const bytes = await printedPart(3);
    fs.writeFileSync(path.join(dir, 'a.pdf'), bytes);
    parseAhead('fr/participant', [
      { key: 'a', file: path.join(dir, 'a.pdf') },
      { key: 'missing', file: path.join(dir, 'missing.pdf') },
    ]);
    const ahead = takeParsedAhead('a');
    expect(ahead).not.toBeNull();
    expect(await saved(await ahead)).toEqual(await saved(await loadPart(bytes)));
    expect(takeParsedAhead('a')).toBeNull(); // taken: the merge moves its objects into the book
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await takeParsedAhead('missing')).toBeNull();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("drops an edition's parts not taken, and what was asked before for the same edition", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-ahead-'));
    fs.writeFileSync(path.join(dir, 'b.pdf'), await printedPart(1));
    fs.writeFileSync(path.join(dir, 'c.pdf'), await printedPart(2));
    parseAhead('en/trainer', [{ key: 'b', file: path.join(dir, 'b.pdf') }]);
    parseAhead('en/trainer', [{ key: 'c', file: path.join(dir, 'c.pdf') }]);
    expect(takeParsedAhead('b')).toBeNull();
    dropParsedAhead('en/trainer');
    expect(takeParsedAhead('c')).toBeNull();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
