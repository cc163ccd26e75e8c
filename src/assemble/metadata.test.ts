import { describe, expect, test } from '@jest/globals';
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { writeMetadata, type BookMetadata, type MetadataOptions } from './metadata.ts';
import { uuidUrn, xmpDate } from './xmp.ts';

const META: BookMetadata = {
  title: 'Gérer une IMF — Édition <formateur> & co',
  author: 'Aminata Sow, Marc Lefèvre',
  subject: 'Formation à la gestion',
  keywords: ['microfinance', 'trainer', 'fr'],
  lang: 'fr',
  producer: 'coursebook test',
  date: new Date(Date.UTC(2026, 0, 1, 12, 30, 5)),
  inputsDigest: 'abc123',
};

async function written(options: MetadataOptions, meta = META): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([100, 100]);
  writeMetadata(doc, meta, options);
  return doc.save();
}

/** Info and XMP as a reader sees them: pdf.js parses the XMP packet with its own XML parser. */
async function readBack(bytes: Uint8Array) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const { info, metadata } = await doc.getMetadata();
  await doc.destroy();
  return { info: info as Record<string, unknown>, xmp: Object.fromEntries(metadata) as Record<string, unknown> };
}

function xmpText(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes);
  return text.slice(text.indexOf('<?xpacket begin'), text.indexOf('<?xpacket end'));
}

describe('document metadata', () => {
  test('the XMP packet says what the Info dictionary says', async () => {
    const { info, xmp } = await readBack(await written({ document: 'interior', standard: null }));
    expect(info).toMatchObject({
      Title: META.title,
      Author: META.author,
      Subject: META.subject,
      Keywords: 'microfinance trainer fr',
      Producer: META.producer,
      Creator: 'coursebook',
      CreationDate: 'D:20260101123005Z',
      ModDate: 'D:20260101123005Z',
      Trapped: { name: 'False' },
    });
    expect(xmp).toMatchObject({
      'dc:title': META.title,
      'dc:creator': [META.author],
      'dc:description': META.subject,
      'dc:language': 'fr',
      'pdf:keywords': 'microfinance trainer fr',
      'pdf:producer': META.producer,
      'xmp:creatortool': 'coursebook',
      'xmp:createdate': '2026-01-01T12:30:05Z',
      'xmp:modifydate': '2026-01-01T12:30:05Z',
      'xmp:metadatadate': '2026-01-01T12:30:05Z',
      'pdf:trapped': 'False',
      'pdfuaid:part': '1',
    });
    expect(xmp).not.toHaveProperty('pdfxid:gts_pdfxversion');
  });

  test('PDF/X-4 is claimed only when asked for', async () => {
    const { xmp } = await readBack(await written({ document: 'cover', standard: 'PDF/X-4' }));
    expect(xmp['pdfxid:gts_pdfxversion']).toBe('PDF/X-4');
    expect(xmp['xmpmm:versionid']).toBe('1');
    expect(xmp['xmpmm:renditionclass']).toBe('default');
  });

  test('a book without a subject or keywords gets no empty XMP properties', async () => {
    const { xmp } = await readBack(await written({ document: 'interior', standard: null }, { ...META, subject: '', keywords: [] }));
    expect(xmp).not.toHaveProperty('dc:description');
    expect(xmp).not.toHaveProperty('pdf:keywords');
  });

  test('the packet is an uncompressed /Metadata stream on the catalog, in UTF-8', async () => {
    const doc = await PDFDocument.load(await written({ document: 'interior', standard: null }), { updateMetadata: false });
    const stream = doc.context.lookup(doc.catalog.get(PDFName.of('Metadata')));
    if (!(stream instanceof PDFRawStream)) throw new Error('no /Metadata stream');
    expect(stream.dict.get(PDFName.of('Type'))).toBe(PDFName.of('Metadata'));
    expect(stream.dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('XML'));
    expect(stream.dict.has(PDFName.of('Filter'))).toBe(false);
    expect(new TextDecoder().decode(stream.getContents())).toContain('Gérer une IMF — Édition &lt;formateur&gt; &amp; co');
    expect(doc.catalog.lookup(PDFName.of('Lang'))?.toString()).toBe('(fr)');
    expect(doc.context.lookup(doc.context.trailerInfo.Info, PDFDict).get(PDFName.of('Trapped'))).toBe(PDFName.of('False'));
  });

  test('IDs derive from the inputs: the same build twice gives the same bytes; interior and cover differ', async () => {
    const interior = await written({ document: 'interior', standard: null });
    expect(Buffer.from(await written({ document: 'interior', standard: null })).equals(Buffer.from(interior))).toBe(true);
    const ids = (bytes: Uint8Array) => [...xmpText(bytes).matchAll(/<xmpMM:(?:Document|Instance)ID>([^<]+)</g)].map((m) => m[1]);
    const [documentId, instanceId] = ids(interior);
    expect(documentId).toMatch(/^uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(instanceId).not.toBe(documentId);
    // The InstanceID is the trailer /ID of this version of the file.
    const trailerId = /\/ID \[ ?<([0-9a-f]+)> ?<([0-9a-f]+)> ?\]/.exec(new TextDecoder('latin1').decode(interior))!;
    expect(instanceId!.replace(/uuid:|-/g, '')).toBe(trailerId[2]);
    const [coverDocumentId] = ids(await written({ document: 'cover', standard: null }));
    expect(coverDocumentId).not.toBe(documentId);
    // A new build of changed inputs is a new instance of the same document.
    const [sameDocument, newInstance] = ids(await written({ document: 'interior', standard: null }, { ...META, inputsDigest: 'changed' }));
    expect(sameDocument).toBe(documentId);
    expect(newInstance).not.toBe(instanceId);
  });

  test('XMP dates and UUIDs are formatted as the specifications ask', () => {
    expect(xmpDate(new Date('2026-03-04T05:06:07.890Z'))).toBe('2026-03-04T05:06:07Z');
    expect(uuidUrn('0123456789abcdef0123456789abcdefffff')).toBe('uuid:01234567-89ab-cdef-0123-456789abcdef');
  });
});
