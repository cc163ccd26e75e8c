/**
 * Fills the back-of-book index's page-number slots (layout/render-index.ts):
 * each entry's marks become page labels — as printed, in the book's digits —
 * each page once, consecutive pages as a range ("12–14"), each label or range
 * a link to its first page. Stamped like every other page number, as
 * artifacts in the folio fonts.
 */
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { linkDestinationName, type Destination } from './destinations.ts';
import type { PlannedPage } from './plan-pages.ts';
import { stampText } from './stamp.ts';
import { addLinkBeside, annotationsNamed, retargetLink } from './link-annotations.ts';
import { itemAt } from '../item-at.ts';

export interface IndexSlotContext {
  doc: PDFDocument;
  /** The book's pages after blank versos were inserted. */
  pages: PDFPage[];
  plan: PlannedPage[];
  dests: Map<string, Destination>;
  finalIndexOfPrinted: Map<number, number>;
  /** A final page's label as printed (book digits). */
  labelOf: (finalIndex: number) => string;
  /** The font that can set a piece of text (Latin, else the book's digit font). */
  fontFor: (text: string) => PDFFont;
  rtl: boolean;
  /** Separator between two labels: ", " (Arabic: "، "). */
  separator: string;
  /** The word before a page number, for the links' descriptions ("page", "p."…). */
  pageWord: string;
}

/** Size of the numbers: as `.cb-pageref` and `.index-columns` in the stylesheets. */
const SIZE = 9.5;
const RANGE_DASH = '\u2013';

/** A run of pages printed as one label or one range. */
export interface PageRun {
  first: number;
  last: number;
}

/**
 * Final page indexes → runs: each page once, pages that follow each other
 * in the same numbering (arabic body or roman front matter) as one range.
 */
export function pageRuns(finalIndexes: number[], partOf: (finalIndex: number) => string): PageRun[] {
  const sorted = [...new Set(finalIndexes)].sort((a, b) => a - b);
  const runs: PageRun[] = [];
  for (const page of sorted) {
    const run = runs.at(-1);
    if (run && page === run.last + 1 && partOf(page) === partOf(run.last)) run.last = page;
    else runs.push({ first: page, last: page });
  }
  return runs;
}

/** Stamps every index slot of the book; returns how many overflowed their room. */
export function fillIndexSlots(ctx: IndexSlotContext, slots: Record<string, string[]>, slotPrefix: string): number {
  let overflows = 0;
  ctx.plan.forEach((planned, index) => {
    if (planned.printed === null) return;
    const page = itemAt(ctx.pages, index);
    for (const slot of annotationsNamed(page, slotPrefix, linkDestinationName)) {
      const anchors = slots[slot.name];
      if (!anchors) continue;
      const finals = anchors.flatMap((a) => {
        const dest = ctx.dests.get(a);
        const final = dest ? ctx.finalIndexOfPrinted.get(dest.pageIndex) : undefined;
        return final === undefined ? [] : [final];
      });
      const runs = pageRuns(finals, (i) => itemAt(ctx.plan, i).part);
      overflows += stampRuns(ctx, page, slot, runs);
    }
  });
  return overflows;
}

function stampRuns(ctx: IndexSlotContext, page: PDFPage, slot: ReturnType<typeof annotationsNamed>[number], runs: PageRun[]): number {
  const [x1, y1, x2, y2] = slot.rect;
  // The slot's baseline, as in fillPageSlots: its descent less the half-leading of line-height 1.2.
  const y = y1 + SIZE * 0.25;
  // Pieces in reading order; a right-to-left book reads them from the right edge leftwards.
  let cursor = ctx.rtl ? x2 : x1;
  const advance = (text: string, link: number | null, first: boolean): void => {
    const font = ctx.fontFor(text);
    const width = font.widthOfTextAtSize(text, SIZE);
    const left = ctx.rtl ? cursor - width : cursor;
    stampText(page, text, { font, size: SIZE, x: left, y, align: 'left' });
    if (link !== null) {
      const rect = [left, y1, left + width, y2];
      const description = `${ctx.pageWord} ${text}`;
      if (first) retargetLink(ctx.doc, slot.annot, rect, itemAt(ctx.pages, link), description);
      else addLinkBeside(ctx.doc, page, slot.annot, rect, itemAt(ctx.pages, link), description);
    }
    cursor += ctx.rtl ? -width : width;
  };
  runs.forEach((run, i) => {
    if (i > 0) advance(ctx.separator, null, false);
    advance(ctx.labelOf(run.first), run.first, i === 0);
    if (run.last !== run.first) {
      advance(RANGE_DASH, null, false);
      advance(ctx.labelOf(run.last), run.last, false);
    }
  });
  const used = Math.abs(cursor - (ctx.rtl ? x2 : x1));
  return used > x2 - x1 + 0.5 ? 1 : 0;
}
