/**
 * Printed pages read back for people: each page's text and a PNG image of
 * it, rendered by pdf.js (the PDF engine of Firefox) on @napi-rs/canvas
 * (Skia, shipped prebuilt). Used by `proof`, `diff` and the `dev` server.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCanvas, type Canvas } from '@napi-rs/canvas';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocumentProxy = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

let pdfjsLoading: Promise<PdfJs> | null = null;
function pdfjs(): Promise<PdfJs> {
  pdfjsLoading ??= (async () => {
    // pdf.js draws with the browser's Path2D, DOMMatrix and ImageData: in node, the canvas package's own.
    const canvas = await import('@napi-rs/canvas');
    const globals = globalThis as Record<string, unknown>;
    globals.Path2D = canvas.Path2D;
    globals.DOMMatrix ??= canvas.DOMMatrix;
    globals.ImageData ??= canvas.ImageData;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjsLoading;
}

/** pdf.js's standard fonts (for PDFs that do not embed theirs), from its own package. */
function standardFontDataUrl(): string {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts');
  return `${pathToFileURL(dir).href}/`;
}

export class PdfPages {
  private constructor(
    private readonly doc: PdfDocumentProxy,
    readonly count: number,
    /** Page labels (the printed folios), or null when the PDF has none. */
    readonly labels: string[] | null,
  ) {}

  static async open(source: string | Uint8Array): Promise<PdfPages> {
    const lib = await pdfjs();
    // pdf.js takes ownership of (detaches) the buffer it is given: always a copy.
    const data = typeof source === 'string' ? new Uint8Array(fs.readFileSync(source)) : new Uint8Array(source);
    const doc = await lib.getDocument({
      data,
      isEvalSupported: false,
      verbosity: 0,
      standardFontDataUrl: standardFontDataUrl(),
    }).promise;
    return new PdfPages(doc, doc.numPages, await doc.getPageLabels());
  }

  /** The label of page `index` (0-based): its folio, else its number. */
  label(index: number): string {
    return this.labels?.[index] ?? String(index + 1);
  }

  /** Text of page `index` (0-based), one line per line of print, soft hyphens removed. */
  async text(index: number): Promise<string> {
    const page = await this.doc.getPage(index + 1);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str.replace(/\u00AD/g, '');
      text += item.hasEOL ? '\n' : '';
    }
    page.cleanup();
    return text.replace(/[ \t]+\n/g, '\n').trim();
  }

  /** Page `index` (0-based) drawn on a canvas (white paper), `dpi` dots per inch. */
  async canvas(index: number, dpi: number): Promise<Canvas> {
    const page = await this.doc.getPage(index + 1);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
    page.cleanup();
    return canvas;
  }

  /** Page `index` (0-based) as a PNG. */
  async png(index: number, dpi: number): Promise<Buffer> {
    return (await this.canvas(index, dpi)).toBuffer('image/png');
  }

  /** First page (0-based) of each top-level outline entry (the chapters), with its title, in page order. */
  async chapters(): Promise<{ title: string; firstPage: number }[]> {
    const outline = (await this.doc.getOutline()) ?? [];
    const out: { title: string; firstPage: number }[] = [];
    for (const item of outline) {
      const dest = typeof item.dest === 'string' ? await this.doc.getDestination(item.dest) : item.dest;
      if (!Array.isArray(dest) || !dest[0]) continue;
      out.push({ title: item.title, firstPage: await this.doc.getPageIndex(dest[0] as never) });
    }
    return out.sort((a, b) => a.firstPage - b.firstPage);
  }

  async close(): Promise<void> {
    await this.doc.destroy();
  }
}
