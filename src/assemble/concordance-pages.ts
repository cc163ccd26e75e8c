/**
 * Both ends of the participant-page concordance (edition/concordance.ts):
 * the participant edition's assembly reads where each of its items ended up
 * (page labels as printed, so Arabic-Indic digits in Arabic); the trainer
 * edition's assembly stamps those labels into its `cbpc--N` slots, each a
 * link that opens participant.pdf at that page.
 */
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { PAGE_ANCHOR_PREFIX } from '../markdown/ids.ts';
import type { ConcordanceSlot, SourceLayout, SourcePage } from '../edition/concordance.ts';
import { linkDestinationName, type Destination } from './destinations.ts';
import type { PlannedPage } from './plan-pages.ts';
import { stampText } from './stamp.ts';
import { annotationsNamed, retargetRemoteLink } from './link-annotations.ts';
import { itemAt } from '../item-at.ts';

export interface LaidOutBook {
  plan: PlannedPage[];
  dests: Map<string, Destination>;
  finalIndexOfPrinted: Map<number, number>;
  /** A final page's label as printed. */
  labelOf: (finalIndex: number) => string;
}

/**
 * Where each item of this edition is (`items`: key → html id), and each
 * chapter's first and last page (a chapter ends before the next chapter or
 * back-matter section opens; a blank verso left before that is not its page).
 */
export function collectSourceLayout(book: LaidOutBook, items: Record<string, string>, chapterIds: string[]): SourceLayout {
  const finalOf = (htmlId: string): number | null => {
    const dest = book.dests.get(PAGE_ANCHOR_PREFIX + htmlId);
    return dest ? (book.finalIndexOfPrinted.get(dest.pageIndex) ?? null) : null;
  };
  const at = (final: number): SourcePage => ({ label: book.labelOf(final), page: final });
  const starts = chapterIds
    .map(finalOf)
    .filter((f): f is number => f !== null)
    .sort((a, b) => a - b);
  const layout: SourceLayout = { pages: {}, chapters: {} };
  for (const [key, htmlId] of Object.entries(items)) {
    const final = finalOf(htmlId);
    if (final === null) continue;
    layout.pages[key] = at(final);
    if (!chapterIds.includes(htmlId)) continue;
    let last = (starts.find((s) => s > final) ?? book.plan.length) - 1;
    while (last > final && itemAt(book.plan, last).printed === null) last--;
    layout.chapters[key] = { first: at(final), last: at(last) };
  }
  return layout;
}

const SIZE = 9;
const RANGE_DASH = '\u2013';

/** Stamps the participant page labels into the trainer edition's slots; returns how many overflowed. */
export function fillConcordanceSlots(
  doc: PDFDocument,
  pages: PDFPage[],
  plan: PlannedPage[],
  slots: Record<string, ConcordanceSlot>,
  layout: SourceLayout,
  ctx: { fontFor: (text: string) => PDFFont; rtl: boolean; file: string; prefix: string; pageWord: string },
): number {
  let overflows = 0;
  plan.forEach((planned, index) => {
    if (planned.printed === null) return;
    const page = itemAt(pages, index);
    for (const slot of annotationsNamed(page, ctx.prefix, linkDestinationName)) {
      const wanted = slots[slot.name];
      if (!wanted) continue;
      const pieces: { text: string; link: SourcePage | null }[] = [];
      if (wanted.kind === 'page') {
        const at = layout.pages[wanted.key];
        if (at) pieces.push({ text: at.label, link: at });
      } else {
        const range = layout.chapters[wanted.key];
        if (range) {
          pieces.push({ text: range.first.label, link: range.first });
          if (range.last.page !== range.first.page) pieces.push({ text: RANGE_DASH, link: null }, { text: range.last.label, link: null });
        }
      }
      if (pieces.length === 0) continue;
      const [x1, y1, x2, y2] = slot.rect;
      let cursor = ctx.rtl ? x2 : x1;
      for (const piece of pieces) {
        const font = ctx.fontFor(piece.text);
        const width = font.widthOfTextAtSize(piece.text, SIZE);
        const left = ctx.rtl ? cursor - width : cursor;
        stampText(page, piece.text, { font, size: SIZE, x: left, y: y1 + SIZE * 0.3, align: 'left' });
        // The slot's own link (in the structure tree already) opens the participant book at the (first) page.
        if (piece.link && piece === pieces[0])
          retargetRemoteLink(
            doc,
            slot.annot,
            [left, y1, left + width, y2],
            ctx.file,
            piece.link.page,
            `${ctx.file}, ${ctx.pageWord} ${piece.text}`,
          );
        cursor += ctx.rtl ? -width : width;
      }
      if (Math.abs(cursor - (ctx.rtl ? x2 : x1)) > x2 - x1 + 0.5) overflows++;
    }
  });
  return overflows;
}
