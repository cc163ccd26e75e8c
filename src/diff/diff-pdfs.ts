/**
 * Two versions of one PDF compared page by page: pages matched by their text
 * (page-match.ts); matched pages whose body was printed differently are
 * compared as pictures (pixelmatch, the folio band left out) so a change of
 * picture or style with the same words is found too. Each changed page gets
 * old, new and highlighted-difference images and a text diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { diffLines } from 'diff';
import pixelmatch from 'pixelmatch';
import { pageBodyDigests } from '../dev/page-fingerprints.ts';
import { PdfPages } from '../proof/pdf-pages.ts';
import { matchPages, pageKey } from './page-match.ts';

export interface ChangedPage {
  old: number;
  new: number;
  oldLabel: string;
  newLabel: string;
  /** Pixels that differ, at the comparison resolution. */
  changedPixels: number;
  /** Lines of text removed ("-") and added ("+"). */
  textDiff: { added: boolean; removed: boolean; value: string }[];
  images: { old: string; new: string; diff: string };
}

export interface PdfDiff {
  name: string;
  oldPages: number;
  newPages: number;
  added: { new: number; label: string; image: string }[];
  removed: { old: number; label: string; image: string }[];
  changed: ChangedPage[];
  /** Pages that are the same but moved (their number changed). */
  moved: number;
}

const IMAGE_DPI = 60;
/** The bottom of the page where the folio is: a renumbered page is not a changed page. */
const FOLIO_BAND = 0.1;

export async function diffPdfs(name: string, oldFile: string, newFile: string, imageDir: string): Promise<PdfDiff> {
  const [oldPages, newPages] = await Promise.all([PdfPages.open(oldFile), PdfPages.open(newFile)]);
  try {
    const [oldTexts, newTexts] = [await texts(oldPages), await texts(newPages)];
    const [oldBodies, newBodies] = await Promise.all([
      pageBodyDigests(fs.readFileSync(oldFile)),
      pageBodyDigests(fs.readFileSync(newFile)),
    ]);
    const matches = matchPages(
      oldTexts.map((t, i) => pageKey(t, oldPages.label(i))),
      newTexts.map((t, i) => pageKey(t, newPages.label(i))),
    );
    fs.mkdirSync(imageDir, { recursive: true });
    const stem = name.replace(/[^A-Za-z0-9_-]+/g, '_');
    const image = (which: string, index: number, canvas: Canvas): string => {
      const file = path.join(imageDir, `${stem}-${which}-${String(index + 1).padStart(4, '0')}.png`);
      fs.writeFileSync(file, canvas.toBuffer('image/png'));
      return file;
    };
    const result: PdfDiff = { name, oldPages: oldPages.count, newPages: newPages.count, added: [], removed: [], changed: [], moved: 0 };
    for (const match of matches) {
      if (match.kind === 'added') {
        result.added.push({
          new: match.new,
          label: newPages.label(match.new),
          image: image('new', match.new, await newPages.canvas(match.new, IMAGE_DPI)),
        });
        continue;
      }
      if (match.kind === 'removed') {
        result.removed.push({
          old: match.old,
          label: oldPages.label(match.old),
          image: image('old', match.old, await oldPages.canvas(match.old, IMAGE_DPI)),
        });
        continue;
      }
      // Same words and same printed body: the page is unchanged (perhaps renumbered).
      if (match.kind === 'same' && oldBodies[match.old] === newBodies[match.new]) {
        if (oldPages.label(match.old) !== newPages.label(match.new)) result.moved++;
        continue;
      }
      const [before, after] = await Promise.all([oldPages.canvas(match.old, IMAGE_DPI), newPages.canvas(match.new, IMAGE_DPI)]);
      const compared = comparePixels(before, after);
      if (match.kind === 'same' && compared.changedPixels === 0) {
        if (oldPages.label(match.old) !== newPages.label(match.new)) result.moved++;
        continue;
      }
      result.changed.push({
        old: match.old,
        new: match.new,
        oldLabel: oldPages.label(match.old),
        newLabel: newPages.label(match.new),
        changedPixels: compared.changedPixels,
        textDiff: diffLines(`${oldTexts[match.old]}\n`, `${newTexts[match.new]}\n`).map((p) => ({
          added: Boolean(p.added),
          removed: Boolean(p.removed),
          value: p.value,
        })),
        images: {
          old: image('old', match.old, before),
          new: image('new', match.new, after),
          diff: image('diff', match.new, compared.diff),
        },
      });
    }
    return result;
  } finally {
    await Promise.all([oldPages.close(), newPages.close()]);
  }
}

async function texts(pages: PdfPages): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < pages.count; i++) out.push(await pages.text(i));
  return out;
}

/** Changed pixels in red over a faded new page; pages of different sizes are compared on the larger canvas. */
function comparePixels(before: Canvas, after: Canvas): { changedPixels: number; diff: Canvas } {
  const width = Math.max(before.width, after.width);
  const height = Math.max(before.height, after.height);
  const pixels = (canvas: Canvas): Uint8ClampedArray => {
    const padded = createCanvas(width, height);
    const context = padded.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    context.drawImage(canvas, 0, 0);
    return context.getImageData(0, 0, width, height).data;
  };
  const ignoreMask = new Uint8Array(width * height);
  ignoreMask.fill(1, Math.floor(height * (1 - FOLIO_BAND)) * width);
  const diff = createCanvas(width, height);
  const context = diff.getContext('2d');
  const output = context.createImageData(width, height);
  const changedPixels = pixelmatch(pixels(before), pixels(after), output.data, width, height, { threshold: 0.1, ignoreMask, alpha: 0.15 });
  context.putImageData(output, 0, 0);
  return { changedPixels, diff };
}
