/**
 * Document metadata, written the same way on every build: fixed dates (from
 * SOURCE_DATE_EPOCH or the inputs) and a document ID derived from the content,
 * so two builds of the same inputs are byte-identical.
 */
import { createHash } from 'node:crypto';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';

export interface BookMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  lang: string;
  producer: string;
  date: Date;
  /** Digest of everything the PDF was made from. */
  inputsDigest: string;
}

export function writeMetadata(doc: PDFDocument, meta: BookMetadata): void {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setProducer(meta.producer);
  doc.setCreator('coursebook');
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.catalog.set(PDFName.of('Lang'), PDFString.of(meta.lang));
  // Chromium may write an XMP packet with its own dates and random IDs.
  doc.catalog.delete(PDFName.of('Metadata'));
  const id = createHash('sha256').update(meta.inputsDigest).digest('hex').slice(0, 32);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}
