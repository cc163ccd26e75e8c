import { describe, expect, it } from '@jest/globals';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { ObjectMover } from './move-objects.ts';

describe('ObjectMover', () => {
  it('moves pages and what they reference, rewriting references for the destination, each object once', async () => {
    const src = await PDFDocument.create();
    const [first, second] = [src.addPage([100, 100]), src.addPage([100, 100])];
    const stream = src.context.register(src.context.stream('BT ET'));
    const shared = src.context.register(src.context.obj({ Stream: stream, Name: PDFString.of('shared') }));
    // One direct dictionary reached from both pages: rewritten once, not twice.
    const direct = src.context.obj({ Shared: shared });
    first.node.set(PDFName.of('CB'), direct);
    second.node.set(PDFName.of('CB'), direct);
    const elsewhere = src.context.register(src.context.obj({ Kept: PDFString.of('in the destination') }));
    first.node.set(PDFName.of('Other'), elsewhere);

    const dest = await PDFDocument.create();
    for (let i = 0; i < 5; i++) dest.addPage([50, 50]); // object numbers that overlap the source's
    const existing = dest.context.register(dest.context.obj({ Kept: PDFString.of('already there') }));
    const mover = new ObjectMover(src.context, dest.context);
    mover.alias(elsewhere, existing);
    const refs = [mover.move(first.ref), mover.move(second.ref)];

    const pages = refs.map((ref) => dest.context.lookup(ref, PDFDict));
    for (const page of pages) {
      expect(page.has(PDFName.of('Parent'))).toBe(false);
      expect(page.get(PDFName.of('MediaBox'))).toBeDefined();
      // Lookups through the moved dictionaries resolve in the destination.
      const sharedDict = page.lookup(PDFName.of('CB'), PDFDict).lookup(PDFName.of('Shared'), PDFDict);
      expect(sharedDict.get(PDFName.of('Name'))).toEqual(PDFString.of('shared'));
      const movedStream = sharedDict.lookup(PDFName.of('Stream'));
      expect(movedStream).toBeInstanceOf(PDFRawStream);
      expect(Buffer.from((movedStream as PDFRawStream).getContents()).toString()).toBe('BT ET');
    }
    expect(pages[0]!.get(PDFName.of('CB'))).toBe(pages[1]!.get(PDFName.of('CB')));
    expect(pages[0]!.get(PDFName.of('Other'))).toBe(existing);
    // Every reference now names an object of the destination: the saved document reads back whole.
    const reread = await PDFDocument.load(await dest.save());
    expect(reread.getPageCount()).toBe(5);
    expect(refs[0]).not.toBe(refs[1]);
  });
});
