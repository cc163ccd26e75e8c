/** The printed cover spread gets its printer's boxes and the book's metadata. */
import { PDFDocument, ParseSpeeds } from 'pdf-lib';
import type { CoverGeometry } from '../layout/render-cover.ts';
import { applyPrintBoxes } from './print-boxes.ts';
import { writeMetadata, type BookMetadata } from './metadata.ts';
import { mm } from './units.ts';
import { prepareForPrint, type PrintAssembly } from './prepare-for-print.ts';
import { markUntaggedContent } from './untagged-artifacts.ts';

export async function assembleCover(
  printed: Uint8Array,
  geometry: CoverGeometry,
  marks: boolean,
  metadata: BookMetadata,
  print?: PrintAssembly,
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(printed, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
  // Chromium may split a spread that overflows by a rounding error: keep the first page only.
  while (doc.getPageCount() > 1) doc.removePage(doc.getPageCount() - 1);
  markUntaggedContent(doc);
  const page = doc.getPage(0);
  const bleed = mm(geometry.bleedMm);
  applyPrintBoxes(page, { width: mm(geometry.trimWidthMm), height: mm(geometry.trimHeightMm), bleed, marks }, { x: bleed, y: bleed });
  writeMetadata(doc, metadata, { document: 'cover', standard: print?.standard ?? null });
  if (print) await prepareForPrint(doc, print);
  return doc.save({ useObjectStreams: true, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}
