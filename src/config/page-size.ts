/** Page sizes and lengths as written in book.yaml, converted to millimetres. */

export interface PageSize {
  widthMm: number;
  heightMm: number;
}

/** Named trim sizes, portrait. Keys are lower case so lookups ignore case ("a4", "LETTER"). */
const NAMED_SIZES: Record<string, PageSize> = {
  a4: { widthMm: 210, heightMm: 297 },
  a5: { widthMm: 148, heightMm: 210 },
  b5: { widthMm: 176, heightMm: 250 },
  letter: { widthMm: 215.9, heightMm: 279.4 },
};

const MM_PER_UNIT: Record<string, number> = {
  mm: 1,
  cm: 10,
  in: 25.4,
  pt: 25.4 / 72,
};

const LENGTH_PATTERN = /^(\d+(?:\.\d*)?|\.\d+)\s*(mm|cm|in|pt)?$/i;

/**
 * Parses a length ("3mm", "0.1mm", "1in", "12pt", "2.5cm", or a bare number = mm)
 * into millimetres. Returns null for anything else, including negative values:
 * every length in a book (margins, bleed, paper thickness) is a size.
 */
export function parseLength(value: string | number): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? value : null;
  }
  const match = LENGTH_PATTERN.exec(value.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = (match[2] ?? 'mm').toLowerCase();
  const factor = MM_PER_UNIT[unit];
  if (factor === undefined || !Number.isFinite(amount)) return null;
  // Round off float noise (6in = 152.39999999999998mm) that would otherwise reach the CSS.
  return Math.round(amount * factor * 1e6) / 1e6;
}

/**
 * Parses a trim size: a name (A4, A5, B5, Letter; case-insensitive) or
 * "<width> <height>" such as "170mm 240mm" (an "x" between them is tolerated).
 * Both dimensions must be positive.
 */
export function parsePageSize(size: string): PageSize | null {
  const trimmed = size.trim();
  const named = NAMED_SIZES[trimmed.toLowerCase()];
  if (named) return { ...named };

  const parts = trimmed.split(/\s+/).filter((p) => p !== 'x' && p !== '×');
  const [widthText, heightText, ...more] = parts;
  if (widthText === undefined || heightText === undefined || more.length > 0) return null;
  const widthMm = parseLength(widthText);
  const heightMm = parseLength(heightText);
  if (widthMm === null || heightMm === null || widthMm <= 0 || heightMm <= 0) return null;
  return { widthMm, heightMm };
}
