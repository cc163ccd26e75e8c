/**
 * Preflight: a PDF checked against a print target's rules, as the printer's
 * own checks would — fonts, boxes, bleed, marks, page count, colour, output
 * intent, XMP identification, image resolution, and (`structure: true`) the
 * PDF/UA structure (src/report/structure-check.ts).
 */
import { PDFDict, PDFDocument, PDFName, PDFStream, ParseSpeeds } from 'pdf-lib';
import { decodeStream } from '../assemble/color/convert-document.ts';
import { PRINT_TARGET_TABLE } from '../config/print-targets.ts';
import { checkBoxes } from './check-boxes.ts';
import { checkColor } from './check-color.ts';
import { checkFonts } from './check-fonts.ts';
import { checkImageResolution } from './check-images.ts';
import { checkXmp } from './check-metadata.ts';
import type { PreflightOptions, Violation } from './types.ts';
import { collectObjects } from './walk.ts';
import { checkStructure } from '../report/structure-check.ts';

/** A PDF file checked: parsed (strictly: an unreadable object is a finding), then as `preflightDocument`. */
export async function preflightPdf(bytes: Uint8Array, options: PreflightOptions): Promise<Violation[]> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false, throwOnInvalidObject: true });
    if (doc.getPageCount() === 0) throw new Error('it has no pages');
  } catch (error) {
    return unreadable(error as Error);
  }
  return preflightDocument(doc, options);
}

/**
 * A document already in memory checked, as saved: the build checks the book it
 * has just assembled without parsing the bytes it wrote again (they are the
 * serialisation of these objects).
 */
export async function preflightDocument(doc: PDFDocument, options: PreflightOptions): Promise<Violation[]> {
  const kind = options.kind ?? guessKind(doc);
  const rules = PRINT_TARGET_TABLE[kind === 'handouts' ? 'office' : options.target];
  const resolved = { ...options, kind: kind === 'handouts' ? ('interior' as const) : kind };
  const objects = collectObjects(doc);
  const found = [
    ...checkFonts(doc, objects),
    ...checkBoxes(doc, rules, resolved),
    ...checkColor(doc, objects, rules, resolved),
    ...checkXmp(doc, rules),
    ...(objects.images.length > 0 ? checkImageResolution(doc) : []),
    ...(options.structure ? await structureViolations(doc) : []),
  ];
  return found.sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
}

function unreadable(error: Error): Violation[] {
  return [
    { severity: 'error', code: 'preflight/unreadable', message: `not a readable PDF: ${error.message}`, hint: 'build the file again' },
  ];
}

/**
 * PDF/UA-1 structure problems, as preflight violations (`structure/<code>`),
 * for a file that is tagged or claims PDF/UA (coursebook's always are): an
 * untagged PDF from elsewhere is not held to accessibility rules by a printer.
 */
async function structureViolations(doc: PDFDocument): Promise<Violation[]> {
  const marked = doc.catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict)?.get(PDFName.of('Marked'))?.toString() === 'true';
  const metadata = doc.catalog.lookup(PDFName.of('Metadata'));
  const claimsUa = metadata instanceof PDFStream && Buffer.from(decodeStream(metadata)).toString('utf8').includes('pdfuaid:part');
  if (!marked && !claimsUa) return [];
  return (await checkStructure(doc)).map((problem) => ({
    severity: 'error',
    code: `structure/${problem.code}`,
    message: problem.message,
    hint: problem.hint,
    ...(problem.page !== null ? { page: problem.page } : {}),
  }));
}

/** Interior or cover, from what the file looks like: a cover is one page, wider than it is high. */
export function guessKind(doc: PDFDocument): 'interior' | 'cover' {
  if (doc.getPageCount() !== 1) return 'interior';
  const { width, height } = doc.getPage(0).getSize();
  return width > height ? 'cover' : 'interior';
}

export type { PreflightOptions, Violation };
