/**
 * Pure page planning: from where chapters start in the printed PDF, decide
 * which blank versos to insert so every chapter opens on a recto, and give
 * every final page its role, its running head and its folio.
 */
export interface PrintedChapter {
  /** Printed (0-based) page index where the chapter opens. */
  startPage: number;
  title: string;
}

export interface PrintedLayout {
  pageCount: number;
  chapters: PrintedChapter[];
  /** Printed page where back matter without running heads (the colophon) starts, if any. */
  backMatterStart: number | null;
  /** Printed pages at the start that carry neither folio nor running head (title page and its verso). */
  unnumberedFrontPages: number;
  /** The page count is padded with blank pages to a multiple of this (default 2; see config/print-targets.ts). */
  pageMultiple?: number;
}

export type RunningHead = { kind: 'book' } | { kind: 'chapter'; chapter: number } | null;

export interface PlannedPage {
  /** Printed page shown here, or null for an inserted blank page. */
  printed: number | null;
  part: 'front' | 'body';
  /** Index into layout.chapters, when in a chapter. */
  chapter: number | null;
  opener: boolean;
  /** Physical side: recto (odd physical page) or verso. */
  recto: boolean;
  /** Page label, equal to the printed folio ("iii", "27"). */
  label: string;
  /** Whether the folio is printed on the page. */
  showFolio: boolean;
  runningHead: RunningHead;
}

export function planPages(layout: PrintedLayout): PlannedPage[] {
  const starts = new Map(layout.chapters.map((c, i) => [c.startPage, i]));
  const order: (number | null)[] = [];
  for (let printed = 0; printed < layout.pageCount; printed++) {
    // A chapter must open on a recto: an even final index (page 1, 3, 5…).
    if (starts.has(printed) && order.length % 2 === 1) order.push(null);
    order.push(printed);
  }
  // A printed book has an even number of pages; some printers fold sheets into signatures of more.
  const multiple = Math.max(2, layout.pageMultiple ?? 2);
  while (order.length % multiple !== 0) order.push(null);

  const firstChapter = layout.chapters[0]?.startPage ?? layout.pageCount;
  const bodyStart = order.indexOf(firstChapter);
  const backStart = layout.backMatterStart === null ? -1 : order.indexOf(layout.backMatterStart);
  let chapter: number | null = null;

  return order.map((printed, index) => {
    const recto = index % 2 === 0;
    const inBody = bodyStart >= 0 && index >= bodyStart;
    const label = inBody ? String(index - bodyStart + 1) : toRoman(index + 1);
    const start = printed === null ? undefined : starts.get(printed);
    if (start !== undefined) chapter = start;
    const inBack = backStart >= 0 && index >= backStart;
    const opener = printed !== null && starts.has(printed);
    const blank = printed === null;
    const unnumbered = !inBody && printed !== null && printed < layout.unnumberedFrontPages;
    let runningHead: RunningHead = null;
    if (inBody && !inBack && !blank && !opener && chapter !== null) {
      runningHead = recto ? { kind: 'chapter', chapter } : { kind: 'book' };
    }
    return {
      printed,
      part: inBody ? 'body' : 'front',
      chapter: inBody && !inBack ? chapter : null,
      opener,
      recto,
      label,
      showFolio: !blank && !unnumbered,
      runningHead,
    };
  });
}

export function toRoman(n: number): string {
  const table: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let out = '';
  for (const [value, numeral] of table) {
    while (n >= value) {
      out += numeral;
      n -= value;
    }
  }
  return out;
}
