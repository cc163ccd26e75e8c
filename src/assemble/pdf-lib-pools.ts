/**
 * pdf-lib keeps one PDFName per name and one PDFRef per reference, in pools
 * keyed by strings: `PDFName.of` first runs a regular expression over the
 * name (to decode `#xx` escapes), `PDFRef.of` first builds the text
 * "12 0 R". Its parser calls them for every key and every reference of every
 * object, millions of times for the parts of one book, which made them about
 * a tenth of the assembly's CPU. Each is wrapped here by a lookup of the
 * answer it gave before for the same arguments: as the pools never forget,
 * that answer is the very object the original would return, so no result
 * changes; only the key building is skipped the second time. pdf-lib (its
 * parser included) calls both through their class, so it uses these too.
 * Importing this module installs them, once per thread.
 */
import { PDFName, PDFRef } from 'pdf-lib';

const nameOf = PDFName.of.bind(PDFName);
const names = new Map<string, PDFName>();
PDFName.of = (name: string): PDFName => {
  let pdfName = names.get(name);
  if (pdfName === undefined) {
    pdfName = nameOf(name);
    names.set(name, pdfName);
  }
  return pdfName;
};

const refOf = PDFRef.of.bind(PDFRef);
/** Generation-0 references (all but a handful in any PDF) by object number. */
const refs: PDFRef[] = [];
PDFRef.of = (objectNumber: number, generationNumber = 0): PDFRef => {
  if (generationNumber !== 0 || !Number.isInteger(objectNumber) || objectNumber < 0 || objectNumber > 0xffffff) {
    return refOf(objectNumber, generationNumber);
  }
  let ref = refs[objectNumber];
  if (ref === undefined) {
    ref = refOf(objectNumber, 0);
    refs[objectNumber] = ref;
  }
  return ref;
};
