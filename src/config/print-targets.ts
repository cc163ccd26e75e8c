/**
 * Print targets: what each printer accepts, as one typed table. `print.target`
 * in book.yaml picks a row; the `page:` keys still override its bleed, marks
 * and paper thickness. Every figure is cited in docs/printing.md (the
 * services' own help pages unless marked there as taken from a calculator).
 */

export const PRINT_TARGETS = ['office', 'offset', 'lulu', 'kdp', 'ingramspark'] as const;
export type PrintTargetName = (typeof PRINT_TARGETS)[number];

export const PAPER_KINDS = ['white', 'cream', 'color'] as const;
export type PaperKind = (typeof PAPER_KINDS)[number];

export const PRINT_COLORS = ['as-designed', 'gray'] as const;
export type PrintColor = (typeof PRINT_COLORS)[number];

/** The colour space of the output intent's ICC profile (see src/assemble/output-intent.ts). */
export type OutputIntentKind = 'cmyk' | 'srgb';

export type PrintStandard = 'PDF/X-4';

const INCH = 25.4;
const inches = (value: number): number => Math.round(value * INCH * 1e6) / 1e6;

export interface TrimSize {
  name: string;
  widthMm: number;
  heightMm: number;
}

/** A minimum inside margin (binding side) that grows with the page count. */
export interface InsideMarginStep {
  /** Applies up to and including this many pages. */
  upToPages: number;
  minMm: number;
}

export interface PrintTarget {
  name: PrintTargetName;
  /** What the target is for, shown in messages and docs. */
  label: string;
  bleedMm: number;
  /**
   * Whether interior pages bleed on the binding side too. KDP's interior pages
   * bleed only at the top, bottom and outside edge (trim width + 0.125 in,
   * height + 0.25 in); the others want the bleed all round.
   */
  bleedAtBinding: boolean;
  marks: 'none' | 'crop';
  /** Whether crop marks may be added at all (the POD services refuse them). */
  marksAllowed: boolean;
  standard: PrintStandard | null;
  /** The output intent of a colour book; a gray book keeps the same intent (gray is its K channel). */
  outputIntent: OutputIntentKind | null;
  /** Trim sizes accepted, or null for any size. */
  trimSizes: TrimSize[] | null;
  /** How far a trim may differ from a listed one and still be that size (metric vs inch rounding). */
  trimToleranceMm: number;
  /** Minimum distance from the trim edge to any text, on the outside, top and bottom. */
  minOuterMarginMm: number;
  /** Minimum inside margin (margin + gutter), by page count; the last step applies beyond. */
  minInsideMarginMm: InsideMarginStep[];
  /** Thickness of one page (half a leaf) per paper kind, in mm, for the spine. */
  pageThicknessMm: Record<PaperKind, number>;
  /** The spine carries no text below this page count. */
  spineTextMinPages: number;
  minPages: number;
  maxPages: number | null;
  /** The page count is padded with blank pages to a multiple of this. */
  pageMultiple: number;
  /** The back cover keeps this area clear for the barcode, at the bottom, next to the spine. */
  barcode: { widthMm: number; heightMm: number; fromSpineMm: number; fromBottomMm: number } | null;
  /** Minimum distance of cover text from the trim edges and the spine folds. */
  coverSafetyMm: number;
}

const A4: TrimSize = { name: 'A4', widthMm: 210, heightMm: 297 };
const A5: TrimSize = { name: 'A5', widthMm: 148, heightMm: 210 };
const inchTrim = (width: number, height: number, name = `${width} × ${height} in`): TrimSize => ({
  name,
  widthMm: inches(width),
  heightMm: inches(height),
});

/** Any trim, no margin floor: the office printer and the screen. */
const office: PrintTarget = {
  name: 'office',
  label: 'office printer and screen',
  bleedMm: 0,
  bleedAtBinding: true,
  marks: 'none',
  marksAllowed: true,
  standard: null,
  outputIntent: null,
  trimSizes: null,
  trimToleranceMm: 0,
  minOuterMarginMm: 0,
  minInsideMarginMm: [{ upToPages: Infinity, minMm: 0 }],
  // 80 g/m² office paper is about 0.1 mm a leaf.
  pageThicknessMm: { white: 0.05, cream: 0.055, color: 0.05 },
  spineTextMinPages: 0,
  minPages: 1,
  maxPages: null,
  pageMultiple: 2,
  barcode: null,
  coverSafetyMm: 0,
};

const offset: PrintTarget = {
  name: 'offset',
  label: 'offset print shop',
  bleedMm: 3,
  bleedAtBinding: true,
  marks: 'crop',
  marksAllowed: true,
  standard: 'PDF/X-4',
  outputIntent: 'cmyk',
  trimSizes: null,
  trimToleranceMm: 0,
  minOuterMarginMm: 5,
  minInsideMarginMm: [{ upToPages: Infinity, minMm: 10 }],
  // Uncoated 80–90 g/m² book paper; bulky cream stock; 115 g/m² coated for colour.
  pageThicknessMm: { white: 0.05, cream: 0.06, color: 0.05 },
  spineTextMinPages: 64,
  minPages: 4,
  maxPages: null,
  // Sheets are folded into signatures: 4 pages at the very least.
  pageMultiple: 4,
  // EAN-13 with its add-on at 100 %: about 50 × 30 mm with its quiet zones.
  barcode: { widthMm: 50, heightMm: 30, fromSpineMm: 10, fromBottomMm: 10 },
  coverSafetyMm: 5,
};

const lulu: PrintTarget = {
  name: 'lulu',
  label: 'Lulu print on demand',
  bleedMm: inches(0.125),
  bleedAtBinding: true,
  marks: 'none',
  marksAllowed: false,
  standard: 'PDF/X-4',
  // Lulu's printers work in sRGB for colour books; black-and-white books are grayscale.
  outputIntent: 'srgb',
  trimSizes: [
    inchTrim(4.25, 6.875, 'Pocket'),
    inchTrim(5, 8, 'Novella'),
    inchTrim(5.5, 8.5, 'Digest'),
    A5,
    inchTrim(6, 9, 'US Trade'),
    inchTrim(6.14, 9.21, 'Royal'),
    inchTrim(6.625, 10.25, 'Comic Book'),
    inchTrim(7, 10, 'Executive'),
    inchTrim(7.44, 9.69, 'Crown Quarto'),
    inchTrim(7.5, 7.5, 'Small Square'),
    A4,
    inchTrim(8.5, 8.5, 'Square'),
    inchTrim(8.5, 11, 'US Letter'),
  ],
  trimToleranceMm: 1,
  minOuterMarginMm: inches(0.5),
  minInsideMarginMm: [{ upToPages: Infinity, minMm: inches(0.5) }],
  // Lulu's own spine calculator could not be read here: 444 pages per inch, as for KDP's white stock (docs/printing.md).
  pageThicknessMm: { white: inches(1 / 444), cream: inches(1 / 444), color: inches(1 / 444) },
  spineTextMinPages: 80,
  minPages: 32,
  maxPages: 800,
  pageMultiple: 2,
  barcode: { widthMm: inches(2), heightMm: inches(1.2), fromSpineMm: inches(0.5), fromBottomMm: inches(0.5) },
  coverSafetyMm: inches(0.375),
};

const kdpTrims: TrimSize[] = [
  inchTrim(5, 8),
  inchTrim(5.06, 7.81),
  inchTrim(5.25, 8),
  inchTrim(5.5, 8.5),
  inchTrim(6, 9),
  inchTrim(6.14, 9.21),
  inchTrim(6.69, 9.61),
  inchTrim(7, 10),
  inchTrim(7.44, 9.69),
  inchTrim(7.5, 9.25),
  inchTrim(8, 10),
  inchTrim(8.25, 6),
  inchTrim(8.25, 8.25),
  inchTrim(8.5, 8.5),
  inchTrim(8.5, 11),
  { name: 'A4 (8.27 × 11.69 in)', widthMm: 210, heightMm: 297 },
];

const kdp: PrintTarget = {
  name: 'kdp',
  label: 'Amazon KDP paperback',
  bleedMm: inches(0.125),
  bleedAtBinding: false,
  marks: 'none',
  marksAllowed: false,
  standard: 'PDF/X-4',
  outputIntent: 'cmyk',
  trimSizes: kdpTrims,
  trimToleranceMm: 1,
  // 0.375 in with bleed (0.25 in without); coursebook books always bleed on this target.
  minOuterMarginMm: inches(0.375),
  minInsideMarginMm: [
    { upToPages: 150, minMm: inches(0.375) },
    { upToPages: 300, minMm: inches(0.5) },
    { upToPages: 500, minMm: inches(0.625) },
    { upToPages: 700, minMm: inches(0.75) },
    { upToPages: Infinity, minMm: inches(0.875) },
  ],
  pageThicknessMm: { white: inches(0.002252), cream: inches(0.0025), color: inches(0.002347) },
  spineTextMinPages: 79,
  minPages: 24,
  maxPages: 828,
  pageMultiple: 2,
  barcode: { widthMm: inches(2), heightMm: inches(1.2), fromSpineMm: inches(0.25), fromBottomMm: inches(0.25) },
  coverSafetyMm: inches(0.125),
};

const ingramspark: PrintTarget = {
  name: 'ingramspark',
  label: 'IngramSpark print on demand',
  bleedMm: inches(0.125),
  bleedAtBinding: true,
  marks: 'none',
  marksAllowed: false,
  standard: 'PDF/X-4',
  outputIntent: 'cmyk',
  trimSizes: [
    inchTrim(5, 8),
    inchTrim(5.5, 8.5),
    { name: 'A5 (5.83 × 8.27 in)', widthMm: 148, heightMm: 210 },
    inchTrim(6, 9),
    inchTrim(6.14, 9.21),
    inchTrim(6.69, 9.61),
    inchTrim(7, 10),
    inchTrim(7.44, 9.69),
    inchTrim(7.5, 9.25),
    inchTrim(8, 10),
    inchTrim(8.5, 8.5),
    inchTrim(8.5, 11),
    { name: 'A4 (8.27 × 11.69 in)', widthMm: 210, heightMm: 297 },
  ],
  trimToleranceMm: 1,
  minOuterMarginMm: inches(0.5),
  minInsideMarginMm: [{ upToPages: Infinity, minMm: inches(0.5) }],
  pageThicknessMm: { white: inches(1 / 440), cream: inches(1 / 430), color: inches(1 / 440) },
  spineTextMinPages: 48,
  minPages: 18,
  maxPages: 1200,
  pageMultiple: 2,
  barcode: { widthMm: inches(2), heightMm: inches(1.2), fromSpineMm: inches(0.25), fromBottomMm: inches(0.25) },
  coverSafetyMm: inches(0.25),
};

export const PRINT_TARGET_TABLE: Record<PrintTargetName, PrintTarget> = { office, offset, lulu, kdp, ingramspark };

/** The minimum inside margin for a book of `pages` pages. */
export function minInsideMarginMm(target: PrintTarget, pages: number): number {
  // Past the last step, the last step's margin holds.
  let minMm = 0;
  for (const step of target.minInsideMarginMm) {
    minMm = step.minMm;
    if (pages <= step.upToPages) break;
  }
  return minMm;
}

/** The accepted trim size matching a width × height (either orientation is not accepted: POD trims are portrait as listed). */
export function matchTrim(target: PrintTarget, widthMm: number, heightMm: number): TrimSize | null {
  if (target.trimSizes === null) return { name: 'any', widthMm, heightMm };
  const tolerance = target.trimToleranceMm;
  return target.trimSizes.find((t) => Math.abs(t.widthMm - widthMm) <= tolerance && Math.abs(t.heightMm - heightMm) <= tolerance) ?? null;
}
