/**
 * Document metadata, written the same way on every build: fixed dates (from
 * SOURCE_DATE_EPOCH or the inputs) and IDs derived from the content, so two
 * builds of the same inputs are byte-identical. The Info dictionary and the
 * XMP packet (xmp.ts) are written from the same facts, so they always agree.
 */
import { createHash } from 'node:crypto';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { uuidUrn, xmpPacket, type DocumentFacts, type PdfStandard } from './xmp.ts';

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

export interface MetadataOptions {
  /** The interior and the cover of one edition, and a language's handouts, are documents with IDs of their own. */
  document: 'interior' | 'cover' | 'handouts';
  /** The PDF/X version the file claims to meet (XMP pdfxid:GTS_PDFXVersion), if any. */
  standard: PdfStandard | null;
}

const CREATOR_TOOL = 'coursebook';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The trailer /ID: both halves from the inputs (the second half, this version
 * of the file, is also the XMP InstanceID). The interior keeps the ID it
 * always had; the cover's differs from it.
 */
function fileId(meta: BookMetadata, options: MetadataOptions): string {
  return sha256(`${options.document === 'interior' ? '' : `${options.document}\n`}${meta.inputsDigest}`).slice(0, 32);
}

export function documentFacts(meta: BookMetadata, options: MetadataOptions): DocumentFacts {
  return {
    title: meta.title,
    author: meta.author,
    subject: meta.subject,
    // As pdf-lib's setKeywords writes them into the Info dictionary.
    keywords: meta.keywords.join(' '),
    lang: meta.lang,
    producer: meta.producer,
    creatorTool: CREATOR_TOOL,
    date: meta.date,
    // The same document across builds: which book, language (both in the title) and part.
    documentId: uuidUrn(sha256(`document\n${options.document}\n${meta.title}\n${meta.lang}`)),
    instanceId: uuidUrn(fileId(meta, options)),
    standard: options.standard,
  };
}

export function writeMetadata(doc: PDFDocument, meta: BookMetadata, options: MetadataOptions): void {
  const facts = documentFacts(meta, options);
  doc.setTitle(facts.title, { showInWindowTitleBar: true });
  doc.setAuthor(facts.author);
  doc.setSubject(facts.subject);
  doc.setKeywords(meta.keywords);
  doc.setProducer(facts.producer);
  doc.setCreator(facts.creatorTool);
  doc.setCreationDate(facts.date);
  doc.setModificationDate(facts.date);
  // PDF/X wants the trapping state said; nothing in the pipeline traps.
  doc.context.lookup(doc.context.trailerInfo.Info, PDFDict).set(PDFName.of('Trapped'), PDFName.of('False'));
  doc.catalog.set(PDFName.of('Lang'), PDFString.of(facts.lang));
  // Replaces any packet Chromium wrote (its own dates and random IDs). Left
  // uncompressed (encode: false), as PDF/A and most metadata readers expect.
  const stream = doc.context.stream(new TextEncoder().encode(xmpPacket(facts)), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  const id = fileId(meta, options);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}
