/**
 * Raster images for print. Gray books: RGB and CMYK images (Flate or JPEG,
 * 8 bits per component) are decoded and rewritten as 8-bit DeviceGray, by
 * luminance. CMYK books: a DeviceRGB image gets the ICC-based sRGB colour
 * space, so its colours are managed (PDF/X-4) without touching its pixels.
 * Soft masks (alpha) are gray already and are left alone.
 */
import zlib from 'node:zlib';
import jpeg from 'jpeg-js';
import { PDFArray, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFStream, PDFString, type PDFDocument, type PDFRef } from 'pdf-lib';
import { decodeStream, spaceFamily } from './convert-document.ts';
import { grayOf, type ColorMode } from './rewrite-colors.ts';

export type ImageOutcome = 'converted' | 'unchanged' | (string & {});

export function convertImage(doc: PDFDocument, ref: PDFRef, image: PDFStream, mode: ColorMode, iccRgbSpace: () => PDFArray): ImageOutcome {
  const dict = image.dict;
  if (dict.get(PDFName.of('ImageMask'))?.toString() === 'true') return 'unchanged';
  const family = spaceFamily(dict.lookup(PDFName.of('ColorSpace')));
  const space = dict.lookup(PDFName.of('ColorSpace'));
  const indexed = space instanceof PDFArray ? space : undefined;
  if (indexed?.get(0)?.toString() === '/Indexed') return convertIndexed(indexed, mode, iccRgbSpace);
  if (mode === 'cmyk') {
    if (dict.get(PDFName.of('ColorSpace'))?.toString() !== '/DeviceRGB') return 'unchanged';
    dict.set(PDFName.of('ColorSpace'), iccRgbSpace());
    return 'converted';
  }
  if (family === 'gray') return 'unchanged';
  if (family !== 'rgb' && family !== 'cmyk')
    return `colour space ${dict.get(PDFName.of('ColorSpace'))?.toString() ?? 'none'} left as it is`;
  const bits = (dict.lookup(PDFName.of('BitsPerComponent')) as PDFNumber | undefined)?.asNumber();
  if (bits !== 8) return `${bits ?? '?'} bits per component left as they are`;
  const width = (dict.lookup(PDFName.of('Width')) as PDFNumber).asNumber();
  const height = (dict.lookup(PDFName.of('Height')) as PDFNumber).asNumber();
  // JPEGs are decoded to RGB whatever their own colour model (jpeg-js converts CMYK/YCCK).
  const jpegFile = image.dict.get(PDFName.of('Filter'))?.toString() === '/DCTDecode';
  const channels = jpegFile || family === 'rgb' ? 3 : 4;
  const pixels = jpegFile ? decodeJpeg(image as PDFRawStream, width, height) : decodePixels(image, channels, width, height);
  if (typeof pixels === 'string') return pixels;
  const gray = new Uint8Array(width * height);
  /* eslint-disable @typescript-eslint/no-non-null-assertion -- pixel i's samples: decodePixels and decodeJpeg
     checked that the samples cover width × height pixels of `channels` each */
  for (let i = 0; i < gray.length; i++) {
    if (channels === 3) {
      gray[i] = Math.round(0.299 * pixels[i * 3]! + 0.587 * pixels[i * 3 + 1]! + 0.114 * pixels[i * 3 + 2]!);
    } else {
      const [c, m, y, k] = [pixels[i * 4]!, pixels[i * 4 + 1]!, pixels[i * 4 + 2]!, pixels[i * 4 + 3]!];
      gray[i] = Math.max(0, 255 - Math.min(255, Math.round(0.3 * c + 0.59 * m + 0.11 * y + k)));
    }
  }
  /* eslint-enable @typescript-eslint/no-non-null-assertion -- end of the bounded loop */
  const next = dict.clone(doc.context);
  for (const key of ['DecodeParms', 'Decode', 'Length']) next.delete(PDFName.of(key));
  next.set(PDFName.of('ColorSpace'), PDFName.of('DeviceGray'));
  next.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
  doc.context.assign(ref, PDFRawStream.of(next, zlib.deflateSync(gray)));
  return 'converted';
}

function decodeJpeg(image: PDFRawStream, width: number, height: number): Uint8Array | string {
  let decoded: { data: Uint8Array; width: number; height: number };
  try {
    decoded = jpeg.decode(image.contents, { useTArray: true, formatAsRGBA: true });
  } catch (error) {
    return `unreadable JPEG left as it is (${(error as Error).message})`;
  }
  if (decoded.width !== width || decoded.height !== height) return 'JPEG of another size than declared left as it is';
  const rgb = new Uint8Array(width * height * 3);
  /* eslint-disable @typescript-eslint/no-non-null-assertion -- jpeg-js gives RGBA, 4 bytes for each of the
     width × height pixels checked above */
  for (let i = 0; i < width * height; i++) {
    rgb[i * 3] = decoded.data[i * 4]!;
    rgb[i * 3 + 1] = decoded.data[i * 4 + 1]!;
    rgb[i * 3 + 2] = decoded.data[i * 4 + 2]!;
  }
  /* eslint-enable @typescript-eslint/no-non-null-assertion -- end of the bounded loop */
  return rgb;
}

/** 8-bit samples, `components` per pixel, or why they could not be read. */
function decodePixels(image: PDFStream, components: number, width: number, height: number): Uint8Array | string {
  const filter = image.dict.get(PDFName.of('Filter'))?.toString();
  if (image.dict.get(PDFName.of('DecodeParms'))) return 'predictor-encoded samples left as they are';
  if (filter !== undefined && filter !== '/FlateDecode') return `${filter} samples left as they are`;
  const data = decodeStream(image);
  if (data.length < width * height * components) return 'truncated image data left as it is';
  return data;
}

/** A palette image: its palette converted (gray) or its RGB base made ICC-based (cmyk); the pixels stay indexes. */
function convertIndexed(space: PDFArray, mode: ColorMode, iccRgbSpace: () => PDFArray): ImageOutcome {
  const base = space.lookup(1);
  const family = spaceFamily(base);
  if (mode === 'cmyk') {
    if (base?.toString() !== '/DeviceRGB') return 'unchanged';
    space.set(1, iccRgbSpace());
    return 'converted';
  }
  if (family === 'gray') return 'unchanged';
  if (family !== 'rgb' && family !== 'cmyk') return `palette in ${base?.toString() ?? '?'} left as it is`;
  const lookup = space.lookup(3);
  let table: Uint8Array;
  if (lookup instanceof PDFStream) table = decodeStream(lookup);
  else if (lookup instanceof PDFHexString || lookup instanceof PDFString) table = lookup.asBytes();
  else return 'unreadable palette left as it is';
  const n = family === 'rgb' ? 3 : 4;
  const gray = new Uint8Array(Math.floor(table.length / n));
  for (let i = 0; i < gray.length; i++) {
    const v = Array.from(table.subarray(i * n, i * n + n), (b) => b / 255);
    gray[i] = Math.round(grayOf(family, v) * 255);
  }
  space.set(1, PDFName.of('DeviceGray'));
  space.set(3, PDFHexString.of(Buffer.from(gray).toString('hex')));
  return 'converted';
}
