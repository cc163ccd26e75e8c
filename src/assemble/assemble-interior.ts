/**
 * Assemble stage for the interior: the PDF Chromium printed becomes the book
 * sent to the printer. Page positions are read back from the print (named
 * destinations), then: blank versos so chapters open on rectos, mirrored
 * margins, folios and running heads, page numbers in every TOC entry and
 * cross-reference, page labels, outline, boxes and metadata.
 */
import { degrees, rgb, ReadingDirection, type PDFFont, type PDFPage } from 'pdf-lib';
import type { PageGeometry } from '../config/types.ts';
import { PAGE_ANCHOR_PREFIX } from '../markdown/ids.ts';
import { mergePrintedParts, type PartHooks } from './merge-parts.ts';
import { readDestinations, type Destination } from './destinations.ts';
import { planPages, type PlannedPage } from './plan-pages.ts';
import { MirrorShift } from './mirror.ts';
import { drawForm, embedFurniture, prepareFurniture, type FurnitureForm } from './furniture-forms.ts';
import { asArtifact, stampText } from './stamp.ts';
import { fillPageSlots, slotLinks } from './page-number-slots.ts';
import { sharedFontkit } from './shared-fontkit.ts';
import { embedFolioFonts, type FolioFontFiles } from './folio-fonts.ts';
import { writePageLabels } from './page-labels.ts';
import { describeLinks } from './link-descriptions.ts';
import { preflightDocument } from '../preflight/preflight.ts';
import type { PreflightOptions, Violation } from '../preflight/types.ts';
import { writeOutline, type OutlineItem } from './outline.ts';
import { applyPrintBoxes } from './print-boxes.ts';
import { writeMetadata, type BookMetadata } from './metadata.ts';
import { mm } from './units.ts';
import { deflateNewStreams } from './deflate-new-streams.ts';
import { mirrorShiftMm } from '../layout/page-css.ts';
import { trace } from '../trace.ts';
import { prepareForPrint, type PrintAssembly } from './prepare-for-print.ts';
import { fillIndexSlots } from './index-pages.ts';
import { INDEX_SLOT_PREFIX } from '../layout/render-index.ts';
import { collectSourceLayout, fillConcordanceSlots } from './concordance-pages.ts';
import type { ConcordanceSlot, SourceLayout } from '../edition/concordance.ts';
import { itemAt } from '../item-at.ts';
import { savePdf } from './write-pdf.ts';

export interface OutlineTarget {
  htmlId: string;
  title: string;
  level: number;
}

export interface InteriorInput {
  /** The edition's printed parts, in order (see layout/render-book.ts renderBookParts); may still be printing. */
  printedParts: (Uint8Array | Promise<Uint8Array>)[];
  /** Chapters (and back-matter sections that open like chapters), in order. */
  chapters: { htmlId: string; title: string }[];
  /** Page anchor (html id) where the colophon starts: no running heads from there on. */
  backMatterId: string | null;
  outline: OutlineTarget[];
  /**
   * Running heads and edition mark, set by Chromium (layout/render-furniture.ts):
   * one page per text, each as wide as the text block and `heightMm` high.
   */
  furniture: FurnitureInput | Promise<FurnitureInput>;
  page: PageGeometry;
  dir: 'ltr' | 'rtl';
  /** WOFF fonts for folios and page numbers: Latin (roman numerals, 0–9) and, for other digits, one that has them. */
  folioFonts: FolioFontFiles;
  /** Called as soon as the final page count is known, before stamping and saving (the cover needs it). */
  onPlanned?: (pageCount: number) => void;
  /** Called with each printed part once parsed, before it is merged (merge-parts.ts): its text read, what is known of it. */
  partHooks?: PartHooks;
  /** Text printed diagonally across every page (the edition's `watermark`), if any. */
  watermark?: string;
  /** Digits of folios and page numbers: `latn` (0–9) or `arab` (٠–٩). */
  digits: string;
  metadata: BookMetadata;
  /** Colour conversion and output intent of the print target (prepare-for-print.ts); none for office output. */
  print?: PrintAssembly;
  /** Blank pages are added at the end up to a multiple of this (the print target's; default 2). */
  pageMultiple?: number;
  /** False when the print target wants no bleed on the binding side of interior pages (KDP). */
  bleedAtBinding?: boolean;
  /** The print target's safety margin: folios and running heads stay at least this far inside the trim. */
  safetyMm?: number;
  /** The word before a page number in the book's language, for links' descriptions (default "p."). */
  pageWord?: string;
  /** Back-of-book index: page-number slot → page anchors of the entry's marks (assemble/index-pages.ts). */
  indexSlots?: Record<string, string[]>;
  /** Items whose pages another edition shows (key → html id): reported as `sourceLayout` (assemble/concordance-pages.ts). */
  concordanceItems?: Record<string, string>;
  /**
   * Page numbers of other PDFs (participant edition, handouts): the slots (by prefix), the layout they are
   * filled from (awaited only before stamping) and that PDF's file name.
   */
  otherPdfPages?: { prefix: string; slots: Record<string, ConcordanceSlot>; layout: Promise<SourceLayout>; file: string }[];
  /** Preflight the book as saved, on the objects just written (none: not checked). */
  preflight?: PreflightOptions;
}

export interface FurnitureInput {
  pdf: Uint8Array;
  heightMm: number;
  /** Index of the furniture page for the book title, for each chapter, and for the edition mark. */
  bookTitle: number;
  chapters: number[];
  mark: number | null;
}

export interface InteriorResult {
  bytes: Uint8Array;
  pages: PlannedPage[];
  /** Page numbers wider than the slot reserved for them (see layout/page-css.ts estimateSlotDigits). */
  slotOverflows: number;
  /** The watermark has characters the Latin stamping font lacks, so it was not printed. */
  watermarkSkipped: boolean;
  /** Colours the print conversion could not convert, with where they are. */
  colorUnconverted: string[];
  /** Where this edition's `concordanceItems` are, for the editions that point at them. */
  sourceLayout?: SourceLayout;
  /** What preflight found, when `preflight` was asked. */
  preflight?: Violation[];
}

export class AssembleError extends Error {}

/**
 * No object streams: pdf-lib would deflate them again (pako, slow), while Chromium's
 * content streams stay compressed as they are. objectsPerTick: Infinity, as the
 * assembly runs on its own thread: pdf-lib would otherwise wait for a timer every 50 objects.
 * The books are written by write-pdf.ts savePdf, which gives the very bytes of
 * `doc.save(SAVE_OPTIONS)` in a single pass.
 */
export const SAVE_OPTIONS = {
  useObjectStreams: false,
  addDefaultPage: false,
  updateFieldAppearances: false,
  objectsPerTick: Infinity,
} as const;

export async function assembleInterior(input: InteriorInput): Promise<InteriorResult> {
  // The furniture does not depend on the page plan: it is parsed and made into forms as soon as it is printed.
  const furnitureForms = Promise.resolve(input.furniture).then((f) => prepareFurniture(f.pdf, input.printedParts.length));
  furnitureForms.catch(() => undefined); // awaited after the merge, which may fail first
  const doc = await mergePrintedParts(input.printedParts, input.partHooks);
  doc.registerFontkit(sharedFontkit);
  trace('parts merged');
  const dests = readDestinations(doc);
  const destOf = (htmlId: string): Destination => {
    const dest = dests.get(PAGE_ANCHOR_PREFIX + htmlId);
    if (!dest) throw new AssembleError(`no page position found for "${htmlId}" in the printed PDF`);
    return dest;
  };
  const printedPages = doc.getPages();
  const slotPages = printedPages.map((p) => slotLinks(p).length > 0);
  const firstChapter = input.chapters[0];
  const firstChapterPage = firstChapter ? destOf(firstChapter.htmlId).pageIndex : printedPages.length;
  const firstSlotPage = slotPages.findIndex((has) => has);
  const plan = planPages({
    pageCount: printedPages.length,
    chapters: input.chapters.map((c) => ({ startPage: destOf(c.htmlId).pageIndex, title: c.title })),
    backMatterStart: input.backMatterId ? (dests.get(PAGE_ANCHOR_PREFIX + input.backMatterId)?.pageIndex ?? null) : null,
    unnumberedFrontPages: firstSlotPage >= 0 && firstSlotPage < firstChapterPage ? firstSlotPage : 0,
    ...(input.pageMultiple ? { pageMultiple: input.pageMultiple } : {}),
  });

  input.onPlanned?.(plan.length);
  const firstPage = printedPages[0];
  if (!firstPage) throw new AssembleError('the printed PDF has no pages');
  const { width, height } = firstPage.getSize();
  plan.forEach((p, index) => {
    if (p.printed === null) doc.insertPage(index, [width, height]);
  });
  const finalPages = doc.getPages();
  const finalIndexOfPrinted = new Map<number, number>();
  plan.forEach((p, index) => p.printed !== null && finalIndexOfPrinted.set(p.printed, index));

  const shift = mm(mirrorShiftMm(input.page));
  const rtl = input.dir === 'rtl';
  const mirror = new MirrorShift(doc.context);
  plan.forEach((p, index) => {
    if (p.printed === null) return;
    // Rectos are right-hand pages in a left-to-right book, left-hand pages in a right-to-left one.
    const towardsRight = p.recto !== rtl;
    mirror.shift(itemAt(finalPages, index), towardsRight ? shift : -shift);
  });

  const { latin: latinFont, digits: digitFont, forLabel: folioFont } = await embedFolioFonts(doc, input.folioFonts);
  const furnitureInput = await input.furniture;
  const furniture = await embedFurniture(doc, await furnitureForms);
  const printedLabel = (label: string): string => localizeDigits(label, input.digits);
  const labelOfPrinted = (printed: number): string => printedLabel(itemAt(plan, finalIndexOf(finalIndexOfPrinted, printed)).label);

  let slotOverflows = 0;
  const watermark = input.watermark && canSet(latinFont, input.watermark) ? input.watermark : null;
  for (const [index, p] of plan.entries()) {
    if (p.printed === null) continue;
    const page = itemAt(finalPages, index);
    if (watermark) stampWatermark(page, watermark, latinFont, width, height);
    slotOverflows += fillPageSlots(page, p, dests, labelOfPrinted, folioFont, rtl);
    stampFurniture(page, p, input, furnitureInput, { folioFont, furniture, width, height, label: printedLabel(p.label) });
  }

  // Trainer's tools (index, participant-page concordance): slots filled by their own modules.
  const fontFor = (text: string): PDFFont => (canSet(latinFont, text) ? latinFont : digitFont);
  const laidOut = {
    doc,
    pages: finalPages,
    plan,
    dests,
    finalIndexOfPrinted,
    labelOf: (i: number) => printedLabel(itemAt(plan, i).label),
    fontFor,
    rtl,
  };
  if (input.indexSlots && Object.keys(input.indexSlots).length) {
    slotOverflows += fillIndexSlots(
      { ...laidOut, separator: rtl ? ' \u060C' : ', ', pageWord: input.pageWord ?? 'p.' },
      input.indexSlots,
      INDEX_SLOT_PREFIX,
    );
  }
  const sourceLayout = input.concordanceItems
    ? collectSourceLayout(
        laidOut,
        input.concordanceItems,
        input.chapters.map((c) => c.htmlId),
      )
    : undefined;
  for (const other of input.otherPdfPages ?? []) {
    const layout = await other.layout;
    slotOverflows += fillConcordanceSlots(doc, finalPages, plan, other.slots, layout, {
      fontFor,
      rtl,
      file: other.file,
      prefix: other.prefix,
      pageWord: input.pageWord ?? 'p.',
    });
  }
  describeLinks(finalPages, {
    dests,
    titles: new Map([...input.outline, ...input.chapters].map((t) => [t.htmlId, t.title])),
    labelOfPrinted,
    pageWord: input.pageWord ?? 'p.',
  });
  trace('pages stamped');
  writePageLabels(doc, plan, printedLabel);
  writeOutline(doc, outlineItems(input.outline, dests, finalIndexOfPrinted, finalPages));
  const boxes = { width, height, bleed: mm(input.page.bleedMm), marks: input.page.marks === 'crop' };
  finalPages.forEach((page, index) => {
    // The binding edge: left of a recto in a left-to-right book, right of it in a right-to-left one.
    const bindingLeft = itemAt(plan, index).recto !== rtl;
    applyPrintBoxes(page, input.bleedAtBinding === false ? { ...boxes, noBleedAt: bindingLeft ? 'left' : 'right' } : boxes);
  });
  if (rtl) doc.catalog.getOrCreateViewerPreferences().setReadingDirection(ReadingDirection.R2L);
  writeMetadata(doc, input.metadata, { document: 'interior', standard: input.print?.standard ?? null });
  const colorReport = input.print ? await prepareForPrint(doc, input.print) : null;
  deflateNewStreams(doc);
  trace('streams deflated');
  const bytes = await savePdf(doc);
  trace('saved');
  const preflight = input.preflight ? await preflightDocument(doc, input.preflight) : undefined;
  trace('preflighted');
  return {
    bytes,
    pages: plan,
    slotOverflows,
    watermarkSkipped: Boolean(input.watermark) && !watermark,
    colorUnconverted: colorReport?.unconverted ?? [],
    ...(sourceLayout ? { sourceLayout } : {}),
    ...(preflight ? { preflight } : {}),
  };
}

function stampFurniture(
  page: PDFPage,
  planned: PlannedPage,
  input: InteriorInput,
  furnitureInput: FurnitureInput,
  ctx: { folioFont: (label: string) => PDFFont; furniture: FurnitureForm[]; width: number; height: number; label: string },
): void {
  const { page: geometry } = input;
  const rtl = input.dir === 'rtl';
  const onRightSide = planned.recto !== rtl;
  // The text block's edges on this page, after mirroring.
  const inner = mm(geometry.margins.innerMm + geometry.gutterMm);
  const outer = mm(geometry.margins.outerMm);
  const left = onRightSide ? inner : outer;
  const right = ctx.width - (onRightSide ? outer : inner);
  const boxHeight = mm(furnitureInput.heightMm);
  // Within the target's safety margin (a print-on-demand trim may shift by 1/8 in). The running
  // head's text sits about 1.5 mm above this line and is about 2.1 mm tall (8.5 pt capitals):
  // 4 mm keeps its top inside the margin too.
  const safety = mm(input.safetyMm ?? 0);
  const headBaseline = ctx.height - Math.max(mm(geometry.margins.topMm) * 0.55, safety + mm(4));
  const footBaseline = Math.max(mm(geometry.margins.bottomMm) * 0.45, safety);
  // Furniture pages put their text's baseline about 1.5 mm above the box's bottom edge.
  const boxAt = (baseline: number): number => baseline - mm(1.5);

  if (planned.showFolio) {
    stampText(page, ctx.label, {
      font: ctx.folioFont(ctx.label),
      size: 9.5,
      x: onRightSide ? right : left,
      y: footBaseline,
      align: onRightSide ? 'right' : 'left',
    });
  }
  const draw = (index: number, baseline: number): void => {
    const embedded = ctx.furniture[index];
    if (!embedded) return;
    asArtifact(page, () => drawForm(page, embedded, { x: left, y: boxAt(baseline), width: right - left, height: boxHeight }));
  };
  if (planned.runningHead) {
    draw(
      planned.runningHead.kind === 'book' ? furnitureInput.bookTitle : itemAt(furnitureInput.chapters, planned.runningHead.chapter),
      headBaseline,
    );
  }
  if (furnitureInput.mark !== null && planned.showFolio) draw(furnitureInput.mark, footBaseline);
}

/** Where a printed page ended up in the book: every printed page has a place in the plan. */
function finalIndexOf(finalIndexOfPrinted: Map<number, number>, printed: number): number {
  const index = finalIndexOfPrinted.get(printed);
  if (index === undefined) throw new AssembleError(`printed page ${printed + 1} has no place in the book's plan`);
  return index;
}

function canSet(font: PDFFont, text: string): boolean {
  const available = new Set(font.getCharacterSet());
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- spreading a string gives code points, none empty
  return [...text].every((c) => c === ' ' || available.has(c.codePointAt(0)!));
}

/** The edition's watermark, diagonally across the page, light enough to read through. */
function stampWatermark(page: PDFPage, text: string, font: PDFFont, width: number, height: number): void {
  const angle = Math.atan2(height, width);
  const size = Math.min(96, (Math.hypot(width, height) * 0.6) / Math.max(1, font.widthOfTextAtSize(text, 1)));
  const textWidth = font.widthOfTextAtSize(text, size);
  // Start point so that the rotated text's centre falls on the page's centre.
  const x = width / 2 - (Math.cos(angle) * textWidth) / 2 + Math.sin(angle) * size * 0.35;
  const y = height / 2 - (Math.sin(angle) * textWidth) / 2 - Math.cos(angle) * size * 0.35;
  asArtifact(page, () =>
    page.drawText(text, { x, y, size, font, rotate: degrees((angle * 180) / Math.PI), color: rgb(0.5, 0.5, 0.5), opacity: 0.15 }),
  );
}

/** Folios in the digits of the book's language (page labels follow, see page-labels.ts). */
export function localizeDigits(label: string, digits: string): string {
  if (digits === 'latn' || !/^\d+$/.test(label)) return label;
  return new Intl.NumberFormat(`en-u-nu-${digits}`, { useGrouping: false }).format(Number(label));
}

function outlineItems(
  targets: OutlineTarget[],
  dests: Map<string, Destination>,
  finalIndexOfPrinted: Map<number, number>,
  pages: PDFPage[],
): OutlineItem[] {
  const items: OutlineItem[] = [];
  for (const target of targets) {
    const dest = dests.get(PAGE_ANCHOR_PREFIX + target.htmlId);
    if (!dest) continue;
    const page = itemAt(pages, finalIndexOf(finalIndexOfPrinted, dest.pageIndex));
    const item: OutlineItem = { title: target.title, pageRef: page.ref, y: dest.y, children: [] };
    const parent = items.at(-1);
    if (target.level > 1 && parent) parent.children.push(item);
    else items.push(item);
  }
  return items;
}
