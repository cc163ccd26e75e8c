/**
 * A PDF content stream as a list of operations (operands + operator) that
 * keep their byte offsets, so a rewrite can replace a few operations and
 * copy everything else verbatim. Streams are handled as latin1 strings: one
 * character per byte, binary (inline images, strings) round-trips unchanged.
 */

export type Operand =
  { kind: 'number'; value: number; text: string } | { kind: 'name'; value: string; text: string } | { kind: 'other'; text: string };

export interface Operation {
  operator: string;
  operands: Operand[];
  /** Offsets in the stream: from the first operand to the end of the operator. */
  start: number;
  end: number;
}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set('()<>[]{}/%'.split('').map((c) => c.charCodeAt(0)));
const isWhite = (c: number): boolean => WHITESPACE.has(c);
const isRegular = (c: number): boolean => !WHITESPACE.has(c) && !DELIMITERS.has(c);

export class ContentSyntaxError extends Error {}

/** Splits a content stream into operations. Inline images (BI … ID … EI) become one `BI` operation. */
export function parseContent(text: string): Operation[] {
  const ops: Operation[] = [];
  let operands: Operand[] = [];
  let start = -1;
  let i = 0;
  const n = text.length;
  const begin = (at: number): void => {
    if (start < 0) start = at;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWhite(c)) {
      i++;
      continue;
    }
    if (c === 0x25 /* % */) {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    begin(i);
    if (c === 0x2f /* / */) {
      let j = i + 1;
      while (j < n && isRegular(text.charCodeAt(j))) j++;
      const raw = text.slice(i, j);
      operands.push({ kind: 'name', value: decodeName(raw.slice(1)), text: raw });
      i = j;
    } else if (c === 0x28 /* ( */) {
      const j = skipString(text, i);
      operands.push({ kind: 'other', text: text.slice(i, j) });
      i = j;
    } else if (c === 0x3c /* < */) {
      const j = text[i + 1] === '<' ? skipBalanced(text, i, '<<', '>>') : text.indexOf('>', i) + 1;
      if (j <= 0) throw new ContentSyntaxError('unterminated hex string');
      operands.push({ kind: 'other', text: text.slice(i, j) });
      i = j;
    } else if (c === 0x5b /* [ */) {
      const j = skipBalanced(text, i, '[', ']');
      operands.push({ kind: 'other', text: text.slice(i, j) });
      i = j;
    } else {
      let j = i;
      while (j < n && isRegular(text.charCodeAt(j))) j++;
      if (j === i) throw new ContentSyntaxError(`unexpected "${text[i]}" at ${i}`);
      const word = text.slice(i, j);
      // Numbers start with a digit, a sign or a point; Number() rejects the rest ("+", "1.2.3").
      const numeric = (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e ? Number(word) : NaN;
      if (!Number.isNaN(numeric)) {
        operands.push({ kind: 'number', value: numeric, text: word });
        i = j;
      } else if (word === 'true' || word === 'false' || word === 'null') {
        operands.push({ kind: 'other', text: word });
        i = j;
      } else if (word === 'BI') {
        const end = inlineImageEnd(text, j);
        ops.push({ operator: 'BI', operands: [{ kind: 'other', text: text.slice(i, end) }], start, end });
        operands = [];
        start = -1;
        i = end;
      } else {
        ops.push({ operator: word, operands, start, end: j });
        operands = [];
        start = -1;
        i = j;
      }
    }
  }
  return ops;
}

/** Rebuilds a stream: each operation `replace` returns text for is replaced, the rest is copied. */
export function rewriteContent(text: string, ops: Operation[], replace: (op: Operation, index: number) => string | null): string {
  const parts: string[] = [];
  let copied = 0;
  ops.forEach((op, index) => {
    const replacement = replace(op, index);
    if (replacement === null) return;
    parts.push(text.slice(copied, op.start), replacement);
    copied = op.end;
  });
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** A number written the short way PDF readers expect ("0.5", "1", never "1e-7"). */
export function num(value: number): string {
  const rounded = Math.round(value * 10000) / 10000;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

function decodeName(raw: string): string {
  return raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function skipString(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text[j];
    if (ch === '\\') j++;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return j + 1;
  }
  throw new ContentSyntaxError('unterminated string');
}

function skipBalanced(text: string, i: number, open: string, close: string): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    const ch = text.charAt(j);
    if (ch === '(') {
      j = skipString(text, j);
      continue;
    }
    if (text.startsWith(open, j)) {
      depth++;
      j += open.length;
      continue;
    }
    if (text.startsWith(close, j)) {
      depth--;
      j += close.length;
      if (depth === 0) return j;
      continue;
    }
    j++;
  }
  throw new ContentSyntaxError(`unterminated ${open}`);
}

/** The end of an inline image: after the `EI` that follows its data (a whitespace byte, EI, then whitespace or the end). */
function inlineImageEnd(text: string, from: number): number {
  const id = text.indexOf('ID', from);
  if (id < 0) throw new ContentSyntaxError('inline image without ID');
  let j = id + 3;
  for (;;) {
    const ei = text.indexOf('EI', j);
    if (ei < 0) throw new ContentSyntaxError('inline image without EI');
    const before = text.charCodeAt(ei - 1);
    const after = ei + 2 >= text.length ? 0x20 : text.charCodeAt(ei + 2);
    if (isWhite(before) && (isWhite(after) || DELIMITERS.has(after))) return ei + 2;
    j = ei + 2;
  }
}
