/**
 * Reads a PDF back the way a reader or a printer's preflight would: text per
 * page (with positions), page labels, outline, metadata and page boxes.
 * Text extraction is pdf.js; structure is pdf-lib.
 */
import fs from 'node:fs';
import { PDFDocument, PDFName, PDFDict, PDFArray, PDFNumber } from 'pdf-lib';

export interface TextItem {
  str: string;
  x: number;
  y: number;
  size: number;
  width: number;
  /** Set in a fixed-pitch font (code), as pdf.js classifies it. */
  monospace: boolean;
}

export interface PdfPage {
  /** Items in content-stream order. */
  items: TextItem[];
  /** Text of the page, lines joined by "\n", soft hyphens removed. */
  text: string;
  /** The page's lines top to bottom, each as its items' text left to right. */
  lines: { y: number; text: string; items: TextItem[] }[];
}

export interface PdfOutlineNode {
  title: string;
  /** 0-based index of the page the entry points at. */
  pageIndex: number;
  items: PdfOutlineNode[];
}

export interface ReadPdf {
  numPages: number;
  pages: PdfPage[];
  labels: string[] | null;
  outline: PdfOutlineNode[];
  info: Record<string, unknown>;
  lang: string | null;
}

const SOFT_HYPHEN = /\u00AD/g;

/** A PDF file opened in pdf.js as the tests read it: no eval, no font faces, no console noise. */
export async function openPdf(file: string) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const data = new Uint8Array(fs.readFileSync(file));
  return pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
}

export async function readPdf(file: string): Promise<ReadPdf> {
  const doc = await openPdf(file);
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const items: TextItem[] = [];
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const [a, b, , , x, y] = item.transform as number[];
      const monospace = content.styles[item.fontName]?.fontFamily === 'monospace';
      items.push({
        str: item.str.replace(SOFT_HYPHEN, '').normalize('NFKC'),
        x: x!,
        y: y!,
        size: Math.hypot(a!, b!),
        width: item.width,
        monospace,
      });
    }
    pages.push({ items, ...groupLines(items) });
    page.cleanup();
  }
  const meta = await doc.getMetadata();
  type RawNode = { title: string; dest: unknown; items: RawNode[] };
  const resolve = async (nodes: RawNode[]): Promise<PdfOutlineNode[]> =>
    Promise.all(
      nodes.map(async (node) => {
        const dest = (typeof node.dest === 'string' ? await doc.getDestination(node.dest) : node.dest) as unknown[];
        const pageIndex = await doc.getPageIndex(dest[0] as never);
        return { title: node.title, pageIndex, items: await resolve(node.items) };
      }),
    );
  const outline = await resolve((await doc.getOutline()) ?? []);
  const labels = await doc.getPageLabels();
  await doc.destroy();
  const info = meta.info as Record<string, unknown>;
  return { numPages: pages.length, pages, labels, outline, info, lang: (info.Language as string) ?? null };
}

function groupLines(items: TextItem[]): Pick<PdfPage, 'lines' | 'text'> {
  const lines: PdfPage['lines'] = [];
  for (const item of items) {
    if (item.str === '') continue;
    let line = lines.find((l) => Math.abs(l.y - item.y) < 2.5);
    if (!line) lines.push((line = { y: item.y, text: '', items: [] }));
    line.items.push(item);
  }
  lines.sort((a, b) => b.y - a.y);
  for (const line of lines) {
    line.items.sort((a, b) => a.x - b.x);
    line.text = line.items
      .map((i) => i.str)
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
  }
  return { lines, text: lines.map((l) => l.text).join('\n') };
}

/** Whole text of a document with line-end hyphenation undone, for searching phrases. */
export function searchableText(pdf: ReadPdf): string {
  return pdf.pages
    .map((p) => p.text)
    .join('\n')
    .replace(/(\p{L})-\n(\p{Ll})/gu, '$1$2')
    .replace(/\s+/g, ' ');
}

export interface PageBoxes {
  mediaBox: number[];
  trimBox: number[] | null;
  bleedBox: number[] | null;
}

export async function readBoxes(file: string): Promise<PageBoxes[]> {
  const doc = await PDFDocument.load(fs.readFileSync(file), { updateMetadata: false });
  const box = (dict: PDFDict, name: string): number[] | null => {
    const array = dict.lookupMaybe(PDFName.of(name), PDFArray);
    return array ? array.asArray().map((v) => (v as PDFNumber).asNumber()) : null;
  };
  return doc.getPages().map((page) => ({
    mediaBox: box(page.node, 'MediaBox')!,
    trimBox: box(page.node, 'TrimBox'),
    bleedBox: box(page.node, 'BleedBox'),
  }));
}

/** MarkInfo /Marked true and a structure tree: what `pdfinfo` reports as "Tagged: yes". */
export async function isTagged(file: string): Promise<boolean> {
  const doc = await PDFDocument.load(fs.readFileSync(file), { updateMetadata: false });
  const markInfo = doc.catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  return markInfo?.get(PDFName.of('Marked'))?.toString() === 'true' && doc.catalog.has(PDFName.of('StructTreeRoot'));
}

/** Every font is embedded (a font file in its descriptor, or its descendant's): what pdffonts shows as "emb yes". */
export async function fontsEmbedded(file: string): Promise<{ name: string; embedded: boolean }[]> {
  const doc = await PDFDocument.load(fs.readFileSync(file), { updateMetadata: false });
  const fonts: { name: string; embedded: boolean }[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type'))?.toString() !== '/Font') continue;
    const subtype = object.get(PDFName.of('Subtype'))?.toString();
    if (subtype === '/Type0') continue; // its descendant CIDFont is checked instead
    const descriptor = object.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const embedded = !!descriptor && ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.has(PDFName.of(k)));
    fonts.push({ name: object.get(PDFName.of('BaseFont'))?.toString() ?? '?', embedded: subtype === '/Type3' || embedded });
  }
  return fonts;
}

/**
 * Chromium draws no glyph for spaces, so a space's kind is only visible as a
 * gap. Returns, in ems, the gap in front of every text run that starts with a
 * character matching `before`, on the same line as the previous run.
 */
export function gapsBefore(pdf: ReadPdf, before: RegExp): number[] {
  const gaps: number[] = [];
  for (const page of pdf.pages) {
    const items = page.items.filter((i) => i.str.trim() !== '');
    for (let k = 1; k < items.length; k++) {
      const [a, b] = [items[k - 1]!, items[k]!];
      // Code keeps its own spacing: typography applies to prose.
      if (Math.abs(a.y - b.y) > 1 || !before.test(b.str) || b.monospace) continue;
      gaps.push((b.x - (a.x + a.width)) / a.size);
    }
  }
  return gaps;
}

/** TOC lines read from the pages before the first chapter: [entry text, printed page number]. */
export function tocEntries(book: ReadPdf): { title: string; folio: string }[] {
  const firstBody = book.labels!.indexOf('1');
  const entries: { title: string; folio: string }[] = [];
  for (const page of book.pages.slice(2, firstBody)) {
    for (const line of page.lines.slice(0, -1)) {
      // The stamped number follows the title (with or without a space in the extracted text).
      const match = /^(.*\D)\s*(\d+)$/.exec(line.text);
      if (!match) continue;
      // Drop the section number ("2.3") in front of the title.
      entries.push({ title: match[1]!.replace(/^[\d.]+\s+/, '').trim(), folio: match[2]! });
    }
  }
  return entries;
}
