/**
 * Checks on a rebuilt book, read back with pdf.js through the end-to-end
 * tests' helper: the edited sentence is there (and the old one gone), and
 * every TOC entry's printed number is the page label of the page that holds
 * its heading — the check of test/e2e/print-ready.test.ts, reimplemented here
 * because a test file cannot be imported outside jest.
 */
import { readPdf, tocEntries, type ReadPdf } from '../test/helpers/read-pdf.ts';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

// The fonts map ’ and ʼ to one glyph, so extraction may give either (as in print-ready.test.ts).
const normalize = (s: string): string => s.replace(/[ʼ’]/g, '’').replace(/\s+/g, ' ').trim();

/**
 * Text of the whole book for phrase searches: line-end hyphens joined, then
 * every space removed, so justification, line breaks and narrow no-break
 * spaces cannot hide a phrase.
 */
function compactText(book: ReadPdf): string {
  return compact(
    book.pages
      .map((p) => p.text)
      .join('\n')
      .replace(/(\p{L})-\n(\p{L})/gu, '$1$2'),
  );
}

const compact = (s: string): string => normalize(s).replace(/[\s\u00A0\u202F]+/g, '');

export function checkToc(book: ReadPdf, minimumEntries: number): CheckResult {
  if (!book.labels) return { name: 'TOC page numbers', ok: false, detail: 'the PDF has no page labels' };
  if (book.labels.indexOf('1') < 0) return { name: 'TOC page numbers', ok: false, detail: 'no page labelled 1' };
  const entries = tocEntries(book);
  const wrong: string[] = [];
  for (const entry of entries) {
    const index = book.labels.indexOf(entry.folio);
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- index comes from book.labels, which has one label per page
    const pageText = index > 0 ? normalize(book.pages[index]!.text) : '';
    if (index <= 0 || !pageText.includes(normalize(entry.title).slice(-25))) {
      wrong.push(`"${entry.title}" → ${entry.folio}`);
    }
  }
  const enough = entries.length >= minimumEntries;
  const ok = enough && wrong.length === 0;
  const detail = !enough
    ? `only ${entries.length} TOC entries read (expected at least ${minimumEntries})`
    : wrong.length
      ? `${wrong.length} of ${entries.length} TOC entries point at a page without their heading, e.g. ${wrong.slice(0, 3).join('; ')}`
      : `${entries.length} TOC entries, each on the page its number names`;
  return { name: 'TOC page numbers', ok, detail };
}

export function checkSentence(book: ReadPdf, expected: string, gone: string): CheckResult {
  const text = compactText(book);
  const present = text.includes(compact(expected));
  const stale = text.includes(compact(gone));
  return {
    name: 'edited sentence',
    ok: present && !stale,
    detail: present
      ? stale
        ? 'the new sentence is there but so is the old one'
        : 'the new sentence is there and the old one gone'
      : stale
        ? 'the PDF still holds the old sentence (stale rebuild)'
        : 'neither the old nor the new sentence was found',
  };
}

/** Reads the book once and runs both checks. */
export async function verifyRebuiltBook(
  pdfFile: string,
  expected: string,
  gone: string,
  minimumTocEntries: number,
): Promise<CheckResult[]> {
  const book = await readPdf(pdfFile);
  return [checkSentence(book, expected, gone), checkToc(book, minimumTocEntries)];
}
