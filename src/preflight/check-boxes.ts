/**
 * Page geometry against the target: TrimBox on every page (BleedBox too when
 * the target bleeds), the bleed as wide as the target asks, no room for
 * marks where the target refuses them, a trim the target prints, and the
 * page count (at least the minimum, a multiple of what the target binds).
 */
import { PDFArray, PDFName, PDFNumber, type PDFDocument, type PDFPage } from 'pdf-lib';
import { matchTrim, type PrintTarget } from '../config/print-targets.ts';
import type { PreflightOptions, Violation } from './types.ts';

const PT_PER_MM = 72 / 25.4;
const TOLERANCE_PT = 0.5;

type Box = [number, number, number, number];

function readBox(page: PDFPage, key: string): Box | null {
  const value = page.node.get(PDFName.of(key));
  const array = value ? page.node.context.lookup(value) : undefined;
  if (!(array instanceof PDFArray) || array.size() !== 4) return null;
  const [x1, y1, x2, y2] = array.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN)) as Box;
  return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}

export function checkBoxes(doc: PDFDocument, rules: PrintTarget, options: PreflightOptions & { kind: 'interior' | 'cover' }): Violation[] {
  const found: Violation[] = [];
  const pages = doc.getPages();
  const needsBoxes = rules.name !== 'office';
  // The same fault on every page is reported once, at its first page, with the count.
  const firstOf = new Map<string, Violation & { count: number }>();
  const once = (violation: Violation): void => {
    const seen = firstOf.get(violation.code);
    if (seen) seen.count++;
    else firstOf.set(violation.code, { ...violation, count: 1 });
  };
  pages.forEach((page, index) => {
    const number = index + 1;
    const trim = readBox(page, 'TrimBox');
    const bleed = readBox(page, 'BleedBox');
    const media = readBox(page, 'MediaBox');
    if (!trim) {
      if (needsBoxes)
        once({
          severity: 'error',
          code: 'preflight/no-trimbox',
          message: 'no TrimBox',
          page: number,
          hint: 'every page of a print file needs a TrimBox (the trimmed page): build the file with coursebook for this target',
        });
      return;
    }
    if (rules.bleedMm > 0) {
      if (!bleed) {
        once({
          severity: 'error',
          code: 'preflight/no-bleedbox',
          message: 'no BleedBox',
          page: number,
          hint: `${rules.label} needs ${rules.bleedMm} mm of bleed around the trim`,
        });
      } else {
        const sides = [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]];
        const wanted = rules.bleedMm * PT_PER_MM;
        // sides: left, bottom, right, top. An interior without bleed at the binding has none on the
        // binding side (left of a recto, right of a verso: either one here) and the full bleed elsewhere.
        const near = (value: number, target: number): boolean => Math.abs(value - target) <= TOLERANCE_PT;
        // A side with no expected value (NaN) is near nothing.
        const exact = (expected: number[]): boolean => sides.every((side, i) => near(side, expected[i] ?? Number.NaN));
        const wrong =
          options.kind === 'interior' && !rules.marksAllowed
            ? rules.bleedAtBinding
              ? !exact([wanted, wanted, wanted, wanted])
              : !exact([0, wanted, wanted, wanted]) && !exact([wanted, wanted, 0, wanted])
            : sides.some((s) => s + TOLERANCE_PT < wanted);
        if (wrong) {
          once({
            severity: 'error',
            code: 'preflight/bleed',
            message: `bleed of ${sides.map((s) => (s / PT_PER_MM).toFixed(2)).join('/')} mm, not ${rules.bleedMm.toFixed(2)} mm`,
            page: number,
            hint: rules.bleedAtBinding
              ? `set page.bleed to ${rules.bleedMm}mm (or remove it: the target sets it)`
              : `${rules.label} wants ${rules.bleedMm.toFixed(2)} mm of bleed at the top, bottom and outside edge and none at the binding`,
          });
        }
      }
    }
    if (!rules.marksAllowed && media && bleed) {
      const larger =
        media[0] < bleed[0] - TOLERANCE_PT ||
        media[1] < bleed[1] - TOLERANCE_PT ||
        media[2] > bleed[2] + TOLERANCE_PT ||
        media[3] > bleed[3] + TOLERANCE_PT;
      if (larger) {
        once({
          severity: 'error',
          code: 'preflight/marks',
          message: 'the page is larger than its BleedBox (room for crop marks)',
          page: number,
          hint: `${rules.label} refuses printer's marks: remove "marks: crop" from book.yaml`,
        });
      }
    }
    if (options.kind === 'interior' && index === 0) {
      const widthMm = (trim[2] - trim[0]) / PT_PER_MM;
      const heightMm = (trim[3] - trim[1]) / PT_PER_MM;
      // matchTrim accepts any size when the target lists none.
      if (rules.trimSizes && !matchTrim(rules, widthMm, heightMm)) {
        found.push({
          severity: 'error',
          code: 'preflight/trim',
          message: `trim size ${widthMm.toFixed(1)} × ${heightMm.toFixed(1)} mm is not one ${rules.label} prints`,
          page: number,
          hint: `choose one of ${rules.trimSizes.map((t) => t.name).join(', ')} as page.size`,
        });
      }
    }
  });
  for (const { count, ...violation } of firstOf.values()) {
    found.push(
      count > 1 ? { ...violation, message: `${violation.message} (and on ${count - 1} more page${count > 2 ? 's' : ''})` } : violation,
    );
  }
  if (options.kind === 'interior') {
    if (pages.length % rules.pageMultiple !== 0) {
      found.push({
        severity: 'error',
        code: 'preflight/page-count',
        message: `${pages.length} pages: ${rules.label} needs a multiple of ${rules.pageMultiple}`,
        hint: 'add blank pages at the end (coursebook build does this for the target)',
      });
    }
    if (pages.length < rules.minPages || (rules.maxPages !== null && pages.length > rules.maxPages)) {
      found.push({
        severity: 'error',
        code: 'preflight/page-count',
        message: `${pages.length} pages: ${rules.label} prints ${rules.minPages}${rules.maxPages ? `–${rules.maxPages}` : ' or more'} pages`,
        hint: 'add or remove content, or choose another target',
      });
    }
  }
  return found;
}
