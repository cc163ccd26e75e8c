/**
 * Chromium turns every element id that some link points at into a named
 * destination. Reading them back gives the printed page of each heading,
 * figure, table and page anchor: the page positions the book is assembled from.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString } from 'pdf-lib';

export interface Destination {
  /** 0-based index of the page in the document as loaded. */
  pageIndex: number;
  x: number;
  y: number;
}

export function pageIndexByRef(doc: PDFDocument): Map<string, number> {
  const map = new Map<string, number>();
  doc.getPages().forEach((page, index) => map.set(page.ref.toString(), index));
  return map;
}

export function readDestinations(doc: PDFDocument): Map<string, Destination> {
  const result = new Map<string, Destination>();
  const byRef = pageIndexByRef(doc);
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!dests) return result;
  for (const [key, value] of dests.entries()) {
    const array = doc.context.lookupMaybe(value, PDFArray);
    const dest = array ? toDestination(array, byRef) : null;
    if (dest) result.set(decodeName(key), dest);
  }
  return result;
}

function toDestination(array: PDFArray, byRef: Map<string, number>): Destination | null {
  const pageRef = array.get(0);
  if (!(pageRef instanceof PDFRef)) return null;
  const pageIndex = byRef.get(pageRef.toString());
  if (pageIndex === undefined) return null;
  const x = array.get(2);
  const y = array.get(3);
  return {
    pageIndex,
    x: x instanceof PDFNumber ? x.asNumber() : 0,
    y: y instanceof PDFNumber ? y.asNumber() : 0,
  };
}

/** PDF names escape special characters as #xx. */
export function decodeName(name: PDFName): string {
  return name
    .asString()
    .slice(1)
    .replace(/#([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The destination name a link annotation points at, if any. */
export function linkDestinationName(annotation: PDFDict): string | null {
  let dest = annotation.get(PDFName.of('Dest'));
  if (!dest) {
    const action = annotation.lookupMaybe(PDFName.of('A'), PDFDict);
    dest = action?.get(PDFName.of('D'));
  }
  if (dest instanceof PDFName) return decodeName(dest);
  if (dest instanceof PDFString || dest instanceof PDFHexString) return dest.decodeText();
  return null;
}
