/**
 * Language-aware micro-typography for runs of plain prose text.
 *
 * The caller passes the text between inline elements (never code, URLs or
 * HTML), so a run may begin or end mid-sentence. Quotes at a run's edges are
 * classified from what can be seen; pass a shared {@link QuoteState} to every
 * run of one block to resolve quotes that stand alone between two inline
 * elements (`"<em>mot</em>"`).
 */

/** NARROW NO-BREAK SPACE: before `; ! ?` and inside guillemets in French. */
export const NNBSP = '\u202F';
/** NO-BREAK SPACE: before `:` in French. */
export const NBSP = '\u00A0';

/** Which quotes are open at the end of the runs seen so far (one block of text). */
export interface QuoteState {
  double: boolean;
}

export function createQuoteState(): QuoteState {
  return { double: false };
}

type Style = 'fr' | 'guillemets' | 'curly' | 'none';

/**
 * Applies the typographic conventions of `lang` to a run of prose text.
 *
 * - `fr*`: `’` for `'`, `« … »` (with U+202F inside) for `"…"`, U+202F before
 *   `; ! ?` and inside guillemets, U+00A0 before a prose `:`.
 * - `ar`, `fa`: `« … »` for `"…"`, nothing else.
 * - `he`, `yi`: unchanged (a straight `"` there is often a gershayim).
 * - any other language: `“ … ”`, `‘ … ’` and the apostrophe `’`.
 *
 * @param state optional quote state shared by consecutive runs of one block.
 */
export function applyTypography(text: string, lang: string, state?: QuoteState): string {
  const style = styleFor(lang);
  if (style === 'none' || text === '') return text;
  const quotes = state ?? createQuoteState();
  switch (style) {
    case 'fr':
      return frenchSpacing(guillemetSpacing(convertQuotes(text, quotes, 'fr')));
    case 'guillemets':
      return convertQuotes(text, quotes, 'guillemets');
    case 'curly':
      return convertQuotes(text, quotes, 'curly');
  }
}

function styleFor(lang: string): Style {
  const primary = lang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary === 'fr') return 'fr';
  if (primary === 'ar' || primary === 'fa') return 'guillemets';
  if (primary === 'he' || primary === 'iw' || primary === 'yi') return 'none';
  return 'curly';
}

// ---------------------------------------------------------------------------
// Quotes

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/u.test(c);
const isLetter = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{M}]/u.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && /\p{Nd}/u.test(c);
/** Characters after which a quote opens. */
const OPENERS = new Set(['(', '[', '{', '«', '‹', '“', '‘', '„', '—', '–', '\u00A0', '\u202F']);
/** Characters before which a quote closes. */
const CLOSERS = new Set(['.', ',', ';', ':', '!', '?', '…', ')', ']', '}', '»', '›', '”', '’']);

type QuoteKind = 'open' | 'close' | 'ambiguous';

/**
 * Classifies a straight double quote from its neighbours (undefined = edge of
 * the run); `afterSpaces` is the first non-space character after it.
 */
function classifyDouble(prev: string | undefined, next: string | undefined, afterSpaces: string | undefined, style: Style): QuoteKind {
  const nextIsEnd = next === undefined;
  if (prev === undefined) {
    // Start of the run: opening unless it visibly ends something.
    if (nextIsEnd) return 'ambiguous';
    if (isSpace(next)) {
      if (afterSpaces !== undefined && CLOSERS.has(afterSpaces)) return 'close'; // `" ; suite`
      return style === 'fr' ? 'ambiguous' : 'close';
    }
    if (CLOSERS.has(next)) return 'close';
    return 'open';
  }
  if (isSpace(prev) || OPENERS.has(prev)) {
    if (nextIsEnd) return 'ambiguous';
    if (isSpace(next)) return afterSpaces !== undefined && CLOSERS.has(afterSpaces) ? 'close' : 'ambiguous';
    if (CLOSERS.has(next)) return 'close';
    return 'open';
  }
  // After a word, a digit or punctuation: closing (also at the very end of the run).
  return 'close';
}

function convertQuotes(text: string, state: QuoteState, style: Style): string {
  // Only the quotes change: the text between them is copied as it is. Neighbours are read as
  // UTF-16 units except the next character (a digit may lie outside the BMP), since the other
  // tests recognise BMP characters only, where a unit is the character.
  return text.replace(/["']/g, (c: string, i: number) => {
    const prev = i > 0 ? text[i - 1] : undefined;
    const nextCode = text.codePointAt(i + 1);
    const next = nextCode === undefined ? undefined : String.fromCodePoint(nextCode);
    if (c === "'") return style === 'fr' ? '’' : style === 'curly' ? singleQuote(prev, next) : c;
    let j = i + 1;
    while (j < text.length && isSpace(text[j])) j++;
    let kind = classifyDouble(prev, next, text[j], style);
    if (kind === 'ambiguous') kind = state.double ? 'close' : 'open';
    state.double = kind === 'open';
    if (style === 'curly') return kind === 'open' ? '“' : '”';
    return kind === 'open' ? '«' : '»';
  });
}

/** English single quote: apostrophe (don’t, 1990’s, ’90s), opening ‘ or closing ’. */
function singleQuote(prev: string | undefined, next: string | undefined): string {
  const opensHere = prev === undefined || isSpace(prev) || OPENERS.has(prev) || prev === '"';
  if (!opensHere) return '’';
  if (next === undefined || isSpace(next) || isDigit(next) || CLOSERS.has(next)) return '’';
  return '‘';
}

// ---------------------------------------------------------------------------
// French spacing

/** Any space an author may have typed (including line breaks) or a previous pass inserted. */
const WS = '[ \\t\\r\\n\\u00A0\\u202F]';
const OPEN_GUILLEMET = new RegExp(`([«‹])${WS}*`, 'gu');
const CLOSE_GUILLEMET = new RegExp(`${WS}*([»›])`, 'gu');

/** Exactly one U+202F after « and before », converting whatever space was there. */
function guillemetSpacing(text: string): string {
  return text.replace(OPEN_GUILLEMET, `$1${NNBSP}`).replace(CLOSE_GUILLEMET, `${NNBSP}$1`);
}

/** Punctuation after which `; ! ?` stay attached (`?!`, `…?`, `(?)`). */
const NO_SPACE_AFTER = new Set(['.', ',', ';', ':', '!', '?', '…', '(', '[', '{', '¡', '¿']);
/** Characters after which a `:` is prose punctuation (besides letters and spaces). */
const COLON_AFTER = new Set([')', ']', '»', '›', '”', '’', '%']);

/** The spaces (WS) at the end of `text`. */
function trailingSpaces(text: string): string {
  let start = text.length;
  while (start > 0 && SPACE_UNITS.has(text.charAt(start - 1))) start--;
  return text.slice(start);
}
const SPACE_UNITS = new Set([' ', '\t', '\r', '\n', '\u00A0', '\u202F']);

function frenchSpacing(text: string): string {
  let out = '';
  // Only `; ! ? :` change what comes before them: the text between them is copied in slices.
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c !== ';' && c !== '!' && c !== '?' && c !== ':') continue;
    out += text.slice(copied, i);
    copied = i + 1;
    if (c === ':') {
      // The next UTF-16 unit: a space is always one.
      const next = text[i + 1];
      if (next !== undefined && !isSpace(next)) {
        out += c; // 10:30, http:, a:b
        continue;
      }
      const ws = trailingSpaces(out);
      const before = out.slice(0, out.length - ws.length);
      const prev = before.length ? Array.from(before.slice(-2)).pop() : undefined;
      if (ws !== '' || prev === undefined || isLetter(prev) || COLON_AFTER.has(prev)) {
        out = before + NBSP + c;
      } else {
        out += c;
      }
    } else {
      const ws = trailingSpaces(out);
      const before = out.slice(0, out.length - ws.length);
      const prev = before.length ? Array.from(before.slice(-2)).pop() : undefined;
      if (prev !== undefined && NO_SPACE_AFTER.has(prev)) {
        // `?!` keeps one space only; `? !` typed with plain spaces becomes `?!`.
        const joins = (c === '!' || c === '?') && (prev === '!' || prev === '?') && !/[\r\n]/.test(ws);
        out = joins || ws === '' ? before + c : before + NNBSP + c;
      } else {
        out = before + NNBSP + c;
      }
    }
  }
  return out + text.slice(copied);
}
