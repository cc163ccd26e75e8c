import { describe, expect, it } from '@jest/globals';
import zlib from 'node:zlib';
import { PDFArray, PDFDocument, PDFFlateStream, PDFName, PDFRawStream, PDFRef, rgb, type PDFObject, type PDFPage } from 'pdf-lib';
import { deflateNewStreams } from './deflate-new-streams.ts';

async function drawnDocument(): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  for (let i = 0; i < 3; i++) doc.addPage([200, 200]).drawRectangle({ x: 10 * i, y: 10, width: 50, height: 20, color: rgb(0, 0, 0) });
  return doc;
}

/** A page's content streams, whether /Contents is one reference or an array of them. */
function contentStreams(doc: PDFDocument, page: PDFPage): PDFObject[] {
  const contents = doc.context.lookup(page.node.get(PDFName.of('Contents')));
  const refs = contents instanceof PDFArray ? contents.asArray() : [page.node.get(PDFName.of('Contents'))];
  return refs.map((ref) => doc.context.lookup(ref as PDFRef)!);
}

describe('deflateNewStreams', () => {
  it('replaces pdf-lib content streams by deflated raw streams that decode to the same operators', async () => {
    const reference = await drawnDocument();
    const expected = reference.getPages().map((page) => {
      const [stream] = contentStreams(reference, page);
      return Buffer.from((stream as PDFFlateStream).getUnencodedContents()).toString('latin1');
    });

    const doc = await drawnDocument();
    expect(deflateNewStreams(doc)).toBe(3);
    const reread = await PDFDocument.load(await doc.save({ useObjectStreams: false }));
    const actual = reread.getPages().map((page) => {
      const [stream] = contentStreams(reread, page) as PDFRawStream[];
      if (!stream) throw new Error('no content stream');
      expect(stream.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'));
      return zlib.inflateSync(stream.getContents()).toString('latin1');
    });
    expect(actual).toEqual(expected);
    expect(actual[0]).toContain('50 20 l');
  });

  it('gives the same bytes every time', async () => {
    const save = async (): Promise<Buffer> => {
      const doc = await drawnDocument();
      deflateNewStreams(doc);
      return Buffer.from(await doc.save({ useObjectStreams: false }));
    };
    expect((await save()).equals(await save())).toBe(true);
  });

  it('deflates a stream of other content again, in a later document of the same process', async () => {
    const inflated = async (doc: PDFDocument): Promise<string[]> => {
      deflateNewStreams(doc);
      const reread = await PDFDocument.load(await doc.save({ useObjectStreams: false }));
      return reread.getPages().map((page) => {
        const [stream] = contentStreams(reread, page) as PDFRawStream[];
        if (!stream) throw new Error('no content stream');
        return zlib.inflateSync(stream.getContents()).toString('latin1');
      });
    };
    const first = await inflated(await drawnDocument());
    const moved = await PDFDocument.create();
    for (let i = 0; i < 3; i++) moved.addPage([200, 200]).drawRectangle({ x: 10 * i, y: 30, width: 50, height: 20, color: rgb(0, 0, 0) });
    const second = await inflated(moved);
    expect(second).not.toEqual(first);
    expect(second[1]).toContain('1 0 0 1 10 30 cm');
    expect(await inflated(await drawnDocument())).toEqual(first);
  });

  it('leaves each deflated stream its own bytes, not a view of a larger zlib output buffer', async () => {
    // Zlib writes into 16 KB chunks: a view of one would keep the whole chunk alive for a few hundred bytes,
    // in the document and in the memo of small streams alike. Small streams and one past the memo's size.
    const doc = await drawnDocument();
    const long = doc.addPage([200, 200]);
    for (let i = 0; i < 200; i++) long.drawRectangle({ x: i % 100, y: 10, width: 5, height: 5, color: rgb(0, 0, 0) });
    deflateNewStreams(doc);
    const sizes = doc.getPages().map((page) => {
      const [stream] = contentStreams(doc, page) as PDFRawStream[];
      if (!stream) throw new Error('no content stream');
      const bytes = stream.getContents();
      expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
      return bytes.byteLength;
    });
    expect(Math.max(...sizes)).toBeLessThan(16384);
    const [longStream] = contentStreams(doc, long) as PDFRawStream[];
    expect(zlib.inflateSync(longStream!.getContents()).length).toBeGreaterThan(4096);
  });
});
