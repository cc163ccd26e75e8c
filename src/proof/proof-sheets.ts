/**
 * Proof sheets of a built interior, for reviews and pull requests: one PNG
 * per spread (as the open book shows it: page 1 alone on the right, then
 * verso and recto side by side) and one contact sheet per chapter (every page
 * of the chapter as a thumbnail with its folio), from the PDF itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { PdfPages } from './pdf-pages.ts';

export interface ProofResult {
  spreads: string[];
  sheets: string[];
  pages: number;
}

const DESK = '#8a8f96';
const THUMB_DPI = 24;
const THUMBS_PER_ROW = 6;
const MARGIN = 16;

/** Spreads of a book whose first page is a recto: [0], [1, 2], [3, 4]… (a lone last verso stays on the left). */
export function spreadsOf(pageCount: number): (number | null)[][] {
  const spreads: (number | null)[][] = pageCount > 0 ? [[null, 0]] : [];
  for (let left = 1; left < pageCount; left += 2) spreads.push([left, left + 1 < pageCount ? left + 1 : null]);
  return spreads;
}

export async function writeProofSheets(pdfFile: string, outDir: string, dpi: number): Promise<ProofResult> {
  const pages = await PdfPages.open(pdfFile);
  fs.mkdirSync(outDir, { recursive: true });
  const result: ProofResult = { spreads: [], sheets: [], pages: pages.count };
  try {
    for (const [n, spread] of spreadsOf(pages.count).entries()) {
      const drawn = await Promise.all(spread.map((index) => (index === null ? Promise.resolve(null) : pages.canvas(index, dpi))));
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- every spread has at least one page
      const sample = drawn.find((c) => c !== null)!;
      const canvas = createCanvas(sample.width * 2, sample.height);
      const context = canvas.getContext('2d');
      context.fillStyle = DESK;
      context.fillRect(0, 0, canvas.width, canvas.height);
      drawn.forEach((page, side) => page && context.drawImage(page, side * sample.width, 0));
      context.fillStyle = 'rgba(0, 0, 0, 0.25)'; // the fold
      context.fillRect(sample.width - 1, 0, 2, canvas.height);
      const labels = spread.filter((i): i is number => i !== null).map((i) => pages.label(i));
      const file = path.join(outDir, `spread-${String(n + 1).padStart(3, '0')}_${labels.join('-')}.png`);
      fs.writeFileSync(file, canvas.toBuffer('image/png'));
      result.spreads.push(file);
    }
    const chapters = await pages.chapters();
    const sections = [...((chapters[0]?.firstPage ?? 1) > 0 ? [{ title: 'Front matter', firstPage: 0 }] : []), ...chapters];
    for (const [n, section] of sections.entries()) {
      const last = (sections[n + 1]?.firstPage ?? pages.count) - 1;
      const thumbs: { canvas: Canvas; label: string }[] = [];
      for (let i = section.firstPage; i <= last; i++) thumbs.push({ canvas: await pages.canvas(i, THUMB_DPI), label: pages.label(i) });
      if (thumbs.length === 0) continue;
      const file = path.join(outDir, `sheet-${String(n + 1).padStart(2, '0')}_${slug(section.title)}.png`);
      fs.writeFileSync(file, contactSheet(section.title, thumbs));
      result.sheets.push(file);
    }
    fs.writeFileSync(path.join(outDir, 'index.html'), indexHtml(path.basename(pdfFile), result, outDir));
  } finally {
    await pages.close();
  }
  return result;
}

function contactSheet(title: string, thumbs: { canvas: Canvas; label: string }[]): Buffer {
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a section has at least one page
  const w = thumbs[0]!.canvas.width;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a section has at least one page
  const h = thumbs[0]!.canvas.height;
  const rows = Math.ceil(thumbs.length / THUMBS_PER_ROW);
  const header = 36;
  const caption = 18;
  const canvas = createCanvas(MARGIN + THUMBS_PER_ROW * (w + MARGIN), header + rows * (h + caption + MARGIN) + MARGIN);
  const context = canvas.getContext('2d');
  context.fillStyle = DESK;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#ffffff';
  context.font = 'bold 16px sans-serif';
  context.fillText(title, MARGIN, 24);
  context.font = '12px sans-serif';
  context.textAlign = 'center';
  thumbs.forEach((thumb, i) => {
    const x = MARGIN + (i % THUMBS_PER_ROW) * (w + MARGIN);
    const y = header + Math.floor(i / THUMBS_PER_ROW) * (h + caption + MARGIN);
    context.drawImage(thumb.canvas, x, y);
    context.fillStyle = '#ffffff';
    context.fillText(thumb.label, x + w / 2, y + h + 14);
  });
  return canvas.toBuffer('image/png');
}

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'section'
  );
}

function indexHtml(pdfName: string, result: ProofResult, outDir: string): string {
  const img = (file: string): string =>
    `<figure><img src="${encodeURI(path.relative(outDir, file))}" loading="lazy"><figcaption>${path.basename(file)}</figcaption></figure>`;
  return `<!doctype html><meta charset="utf-8"><title>Proof: ${pdfName}</title>
<style>body{font:14px system-ui,sans-serif;background:#eee;margin:1em}img{max-width:100%;box-shadow:0 1px 3px #888}figure{margin:0 0 1.5em}</style>
<h1>Proof: ${pdfName} (${result.pages} pages)</h1>
<h2>Chapters</h2>${result.sheets.map(img).join('\n')}
<h2>Spreads</h2>${result.spreads.map(img).join('\n')}
`;
}
