/** Colour conversion over a whole document: forms, patterns, shadings, annotation appearances, output streams readable again. */
import zlib from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFStream } from 'pdf-lib';
import { convertDocumentColors, decodeStream } from './convert-document.ts';
import { preflightPdf } from '../../preflight/preflight.ts';

const stream = (doc: PDFDocument, dict: Record<string, unknown>, text: string): PDFRef =>
  doc.context.register(
    PDFRawStream.of(
      doc.context.obj({ ...dict, Filter: 'FlateDecode' } as never) as unknown as PDFDict,
      zlib.deflateSync(Buffer.from(text, 'latin1')),
    ),
  );

/** One page drawing: an RGB rectangle, a form with its own RGB stroke, an axial gradient (exponential function) and a PostScript-function gradient; a link whose appearance is RGB. */
async function colourful(): Promise<{ doc: PDFDocument; exponential: PDFDict; calculator: PDFRef }> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([200, 200]);
  const form = stream(doc, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 50, 50], Resources: {} }, '1 0 0 RG 0 0 m 50 50 l S');
  const exponential = doc.context.obj({ FunctionType: 2, Domain: [0, 1], C0: [1, 0, 0], C1: [0, 0, 1], N: 1 });
  const calculator = stream(doc, { FunctionType: 4, Domain: [0, 1], Range: [0, 1, 0, 1, 0, 1] }, '{ dup 0 exch }');
  const axial = doc.context.obj({ ShadingType: 2, ColorSpace: 'DeviceRGB', Coords: [0, 0, 100, 0], Function: exponential });
  const axial2 = doc.context.obj({ ShadingType: 2, ColorSpace: 'DeviceRGB', Coords: [0, 0, 100, 0], Function: calculator });
  const pattern = doc.context.obj({ PatternType: 2, Shading: doc.context.register(axial2) });
  page.node.set(
    PDFName.of('Resources'),
    doc.context.obj({
      XObject: { Fm1: form },
      Shading: { Sh1: doc.context.register(axial) },
      Pattern: { P1: doc.context.register(pattern) },
    }),
  );
  page.node.set(
    PDFName.of('Contents'),
    stream(doc, {}, '0.2 0.4 0.6 rg 10 10 50 50 re f /Fm1 Do /Sh1 sh /Pattern cs /P1 scn 0 100 100 50 re f'),
  );
  const appearance = stream(doc, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 20, 20] }, '0 0 1 RG 0 0 20 20 re S');
  const link = doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 20, 20], AP: { N: appearance } });
  page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));
  return { doc, exponential, calculator };
}

describe('convertDocumentColors', () => {
  it('gray: forms, shadings (exponential and PostScript functions), patterns and appearances become DeviceGray', async () => {
    const { doc, exponential, calculator } = await colourful();
    const colourFindings = async () =>
      (await preflightPdf(await doc.save(), { target: 'office', color: 'gray', kind: 'interior' })).filter(
        (v) => v.code === 'preflight/color-in-gray',
      );
    expect((await colourFindings()).length).toBe(3); // at most three listed per page
    const report = await convertDocumentColors(doc, 'gray');
    expect(report).toMatchObject({ shadings: 2, unconverted: [] });
    expect(exponential.get(PDFName.of('C0'))?.toString()).toBe('[ 0.299 ]');
    expect(exponential.get(PDFName.of('C1'))?.toString()).toBe('[ 0.114 ]');
    const code = Buffer.from(decodeStream(doc.context.lookup(calculator) as PDFStream)).toString('latin1');
    expect(code).toBe('{ dup 0 exch 0.114 mul exch 0.587 mul add exch 0.299 mul add }');
    expect(await colourFindings()).toEqual([]);
    // The rewritten streams are still readable content: the page draws the same shapes.
    const page = Buffer.from(decodeStream(doc.context.lookup(doc.getPage(0).node.get(PDFName.of('Contents'))) as PDFStream)).toString(
      'latin1',
    );
    expect(page).toContain('0.363 g 10 10 50 50 re f /Fm1 Do /Sh1 sh /Pattern cs /P1 scn');
  });

  it('cmyk: RGB shadings get the ICC-based sRGB space, the RGB fill goes into it, nothing else changes', async () => {
    const { doc } = await colourful();
    const report = await convertDocumentColors(doc, 'cmyk');
    expect(report.unconverted).toEqual([]);
    const resources = doc.getPage(0).node.Resources()!;
    const spaces = resources.lookup(PDFName.of('ColorSpace'), PDFDict);
    expect(spaces.lookup(PDFName.of('CBsRGB'), PDFArray).get(0).toString()).toBe('/ICCBased');
    const shading = resources.lookup(PDFName.of('Shading'), PDFDict).lookup(PDFName.of('Sh1'), PDFDict);
    expect(shading.lookup(PDFName.of('ColorSpace'), PDFArray).get(0).toString()).toBe('/ICCBased');
  });

  it('palette images: the palette becomes gray (gray), or its RGB base ICC-based (cmyk)', async () => {
    for (const mode of ['gray', 'cmyk'] as const) {
      const doc = await PDFDocument.create();
      const page = doc.addPage([100, 100]);
      const space = doc.context.obj([PDFName.of('Indexed'), PDFName.of('DeviceRGB'), 1, PDFHexString.of('ff00000000ff')]);
      const image = stream(
        doc,
        { Type: 'XObject', Subtype: 'Image', Width: 2, Height: 1, BitsPerComponent: 8, ColorSpace: space },
        '\x00\x01',
      );
      page.node.setXObject(PDFName.of('Im1'), image);
      page.node.set(PDFName.of('Contents'), stream(doc, {}, 'q 50 0 0 25 0 0 cm /Im1 Do Q'));
      const report = await convertDocumentColors(doc, mode);
      expect(report).toMatchObject({ images: 1, unconverted: [] });
      if (mode === 'gray') {
        expect(space.get(1).toString()).toBe('/DeviceGray');
        expect(space.get(3).toString()).toBe('<4c1d>');
      } else {
        expect(space.lookup(1, PDFArray).get(0).toString()).toBe('/ICCBased');
      }
      const found = await preflightPdf(await doc.save(), {
        target: mode === 'gray' ? 'office' : 'offset',
        color: mode === 'gray' ? 'gray' : 'as-designed',
        kind: 'interior',
      });
      expect(found.filter((v) => v.code === 'preflight/color-in-gray' || v.code === 'preflight/unmanaged-color')).toEqual([]);
    }
  });
});
