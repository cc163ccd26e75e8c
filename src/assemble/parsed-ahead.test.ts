import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { dropParsedAhead, parseAhead, takeParsedAhead } from './parsed-ahead.ts';
import { loadPart, nameForPlace } from './merge-parts.ts';

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
      { key: 'a', file: path.join(dir, 'a.pdf'), index: 0 },
      { key: 'missing', file: path.join(dir, 'missing.pdf'), index: 1 },
    ]);
    const ahead = takeParsedAhead('a', 0);
    expect(ahead).not.toBeNull();
    const mergeParsed = await loadPart(bytes);
    nameForPlace(mergeParsed, 0);
    expect(await saved(await ahead)).toEqual(await saved(mergeParsed));
    expect(takeParsedAhead('a', 0)).toBeNull(); // taken: the merge moves its objects into the book
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await takeParsedAhead('missing', 1)).toBeNull();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("drops an edition's parts not taken, and what was asked before for the same edition", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-ahead-'));
    fs.writeFileSync(path.join(dir, 'b.pdf'), await printedPart(1));
    fs.writeFileSync(path.join(dir, 'c.pdf'), await printedPart(2));
    parseAhead('en/trainer', [{ key: 'b', file: path.join(dir, 'b.pdf'), index: 0 }]);
    parseAhead('en/trainer', [{ key: 'c', file: path.join(dir, 'c.pdf'), index: 1 }]);
    expect(takeParsedAhead('b', 0)).toBeNull();
    dropParsedAhead('en/trainer');
    expect(takeParsedAhead('c', 1)).toBeNull();
    // Named for its place in the last build: no use at another place.
    parseAhead('en/trainer', [{ key: 'c', file: path.join(dir, 'c.pdf'), index: 1 }]);
    expect(takeParsedAhead('c', 2)).toBeNull();
    expect(takeParsedAhead('c', 1)).toBeNull(); // dropped when asked for at the wrong place
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
