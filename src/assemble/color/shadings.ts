/**
 * Shadings (gradients) for print. Gray books: an RGB or CMYK shading
 * becomes DeviceGray, its colour function reduced to one output — C0/C1 of
 * exponential functions converted, stitching functions converted piece by
 * piece, PostScript calculator functions (what Chromium writes for CSS
 * gradients) given a luminance step at their end. CMYK books: a DeviceRGB
 * shading gets the ICC-based sRGB colour space.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import zlib from 'node:zlib';
import { decodeStream, spaceFamily } from './convert-document.ts';
import { grayOf, type ColorMode } from './rewrite-colors.ts';

export function convertShading(doc: PDFDocument, shading: PDFDict | PDFStream, mode: ColorMode, iccRgbSpace: () => PDFArray): string {
  const dict = shading instanceof PDFStream ? shading.dict : shading;
  const space = dict.lookup(PDFName.of('ColorSpace'));
  if (mode === 'cmyk') {
    if (space?.toString() !== '/DeviceRGB') return 'unchanged';
    dict.set(PDFName.of('ColorSpace'), iccRgbSpace());
    return 'converted';
  }
  const family = spaceFamily(space);
  if (family === 'gray') return 'unchanged';
  if (family !== 'rgb' && family !== 'cmyk') return `shading in ${space?.toString() ?? 'no colour space'} left as it is`;
  const type = (dict.lookup(PDFName.of('ShadingType')) as PDFNumber | undefined)?.asNumber() ?? 0;
  if (type >= 4) return `mesh shading (type ${type}) left as it is`;
  const fn = dict.get(PDFName.of('Function'));
  if (!fn) return 'shading without a function left as it is';
  const converted = convertFunction(doc, fn, family);
  if (converted !== true) return converted;
  dict.set(PDFName.of('ColorSpace'), PDFName.of('DeviceGray'));
  const background = dict.lookupMaybe(PDFName.of('Background'), PDFArray);
  if (background) {
    const values = background.asArray().map((v) => (v as PDFNumber).asNumber());
    dict.set(PDFName.of('Background'), doc.context.obj([grayOf(family, values)]));
  }
  return 'converted';
}

/** Makes a colour function return one gray value instead of `family`'s components. */
function convertFunction(doc: PDFDocument, fnObject: PDFObject, family: 'rgb' | 'cmyk'): true | string {
  const fn = fnObject instanceof PDFRef ? doc.context.lookup(fnObject) : fnObject;
  if (fn instanceof PDFArray) return 'one function per component left as it is';
  const dict = fn instanceof PDFStream ? fn.dict : fn instanceof PDFDict ? fn : null;
  if (!dict) return 'unreadable shading function';
  const type = (dict.lookup(PDFName.of('FunctionType')) as PDFNumber | undefined)?.asNumber();
  const numbers = (key: string): number[] | null =>
    dict
      .lookupMaybe(PDFName.of(key), PDFArray)
      ?.asArray()
      .map((v) => (v as PDFNumber).asNumber()) ?? null;
  if (type === 2) {
    dict.set(PDFName.of('Range'), doc.context.obj([0, 1]));
    const n = family === 'rgb' ? 3 : 4;
    for (const [key, fallback] of [
      ['C0', 0],
      ['C1', 1],
    ] as const) {
      const values = numbers(key) ?? new Array<number>(n).fill(fallback);
      dict.set(PDFName.of(key), doc.context.obj([grayOf(family, values)]));
    }
    return true;
  }
  if (type === 3) {
    for (const part of dict.lookupMaybe(PDFName.of('Functions'), PDFArray)?.asArray() ?? []) {
      const done = convertFunction(doc, part, family);
      if (done !== true) return done;
    }
    dict.set(PDFName.of('Range'), doc.context.obj([0, 1]));
    return true;
  }
  if (type === 4 && fn instanceof PDFStream && fnObject instanceof PDFRef) {
    const code = Buffer.from(decodeStream(fn)).toString('latin1').trim();
    const close = code.lastIndexOf('}');
    // The original outputs r g b (or c m y k) on the stack; the added step leaves their luminance.
    const toGray =
      family === 'rgb'
        ? ' 0.114 mul exch 0.587 mul add exch 0.299 mul add '
        : ' 4 1 roll 0.11 mul exch 0.59 mul add exch 0.3 mul add add 1 exch sub dup 0 lt {pop 0} if ';
    const next = dict.clone(doc.context);
    next.delete(PDFName.of('DecodeParms'));
    next.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    next.set(PDFName.of('Range'), doc.context.obj([0, 1]));
    doc.context.assign(
      fnObject,
      PDFRawStream.of(next, zlib.deflateSync(Buffer.from(`${code.slice(0, close).trimEnd()}${toGray}}`, 'latin1'))),
    );
    return true;
  }
  return `shading function of type ${type ?? '?'} left as it is`;
}
