/**
 * Raster pictures too coarse for print, found where their source line is
 * known. Chromium lays an <img> out at 96 px per inch and shrinks it to the
 * text column (styles/book.css: max-width 100%, max-height 110 mm), so its
 * printed width, and hence its resolution, follows from its pixel size and
 * the page geometry. Preflight measures the same thing on the PDF.
 */
import fs from 'node:fs';
import type { BookConfig } from '../config/types.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';

export const PRINT_PPI = 300;
const CSS_PX_PER_INCH = 96;
const MAX_FIGURE_HEIGHT_MM = 110;

/** Pixel size of a PNG, JPEG or GIF from its header; null for anything else (SVG is vector). */
export function rasterSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length >= 24 && view.readUInt32BE(0) === 0x89504e47) return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
  if (view.length >= 10 && view.toString('latin1', 0, 3) === 'GIF') return { width: view.readUInt16LE(6), height: view.readUInt16LE(8) };
  if (view.length >= 4 && view[0] === 0xff && view[1] === 0xd8) {
    let i = 2;
    while (i + 9 < view.length) {
      if (view[i] !== 0xff) return null;
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i + 9 < view.length, checked by the loop
      const marker = view[i + 1]!;
      const length = view.readUInt16BE(i + 2);
      // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: view.readUInt16BE(i + 7), height: view.readUInt16BE(i + 5) };
      }
      i += 2 + length;
    }
  }
  return null;
}

/** Effective resolution of a picture printed in the book's text column. */
export function printedPpi(size: { width: number; height: number }, config: BookConfig): number {
  const { page } = config;
  const columnIn = (page.widthMm - page.margins.innerMm - page.margins.outerMm - page.gutterMm) / 25.4;
  const naturalIn = size.width / CSS_PX_PER_INCH;
  const heightLimitedIn = ((MAX_FIGURE_HEIGHT_MM / 25.4) * size.width) / size.height;
  return size.width / Math.min(naturalIn, columnIn, heightLimitedIn);
}

export function warnLowResolution(
  file: string,
  chapterFile: string,
  at: { line: number; column: number },
  config: BookConfig,
  bag: DiagnosticBag,
): void {
  let size: { width: number; height: number } | null;
  // Only regular picture files are read: opening a FIFO or a device would block the build.
  if (!/\.(png|jpe?g|gif)$/i.test(file)) return;
  try {
    if (!fs.statSync(file).isFile()) return;
    const handle = fs.openSync(file, 'r');
    const head = Buffer.alloc(64 * 1024);
    const read = fs.readSync(handle, head, 0, head.length, 0);
    fs.closeSync(handle);
    size = rasterSize(head.subarray(0, read));
  } catch {
    return;
  }
  if (!size || size.width === 0 || size.height === 0) return;
  const ppi = printedPpi(size, config);
  if (ppi >= PRINT_PPI - 0.5) return;
  const neededWidth = Math.ceil((size.width / ppi) * PRINT_PPI);
  bag.warn({
    code: 'markdown/image-resolution',
    message: `picture of ${size.width} × ${size.height} px prints at ${Math.round(ppi)} ppi`,
    file: chapterFile,
    ...at,
    hint: `print needs ${PRINT_PPI} ppi: use a version at least ${neededWidth} px wide, or an SVG`,
  });
}
