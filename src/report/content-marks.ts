/**
 * What a page's content streams mark: the marked-content IDs (MCIDs) that tie
 * content to the structure tree, and painting that is neither tagged (inside
 * a sequence with an MCID) nor an /Artifact — what PDF/UA calls untagged
 * content (Matterhorn 01-004), which screen readers cannot place. Chromium
 * leaves some painting untagged (dotted leaders drawn as thousands of tiny
 * rectangles, pictures marked decorative); `markUntaggedAsArtifacts` wraps
 * it.
 */
/* eslint-disable @typescript-eslint/no-non-null-assertion -- a byte scanner: every bytes[i] is read below the length its loop or its guard checks, and CLASS has 256 entries */

export interface ContentMarks {
  /** MCIDs in drawing order. */
  mcids: number[];
  /** Painting operators (text, paths, images, shadings, forms) outside any tagged or artifact sequence. */
  untaggedPaints: number;
  /** Marked-content sequences opened and not closed (or closed and never opened). */
  unbalanced: boolean;
}

/** An operator's name as a number (its bytes, little-endian), so that no string is made per operator. */
function opCode(name: string): number {
  let code = 0;
  for (let k = name.length - 1; k >= 0; k--) code = code * 256 + name.charCodeAt(k);
  return code;
}
const codes = (...names: string[]): Set<number> => new Set(names.map(opCode));

const PAINT_OPERATORS = codes('Tj', 'TJ', "'", '"', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'S', 's', 'Do', 'sh', 'BI');
const PATH_OPERATORS = codes('m', 'l', 'c', 'v', 'y', 'h', 're');
/** A run of untagged painting is closed before these: a marked-content sequence must nest with them. */
const RUN_BOUNDARIES = codes('q', 'Q', 'BT', 'ET', 'BMC', 'BDC', 'EMC');
const BDC = opCode('BDC');
const BMC = opCode('BMC');
const EMC = opCode('EMC');
const BI = opCode('BI');
const END_PATH = opCode('n');
const KEYWORDS = codes('true', 'false', 'null');

/** Byte classes: 1 white space, 2 delimiter. */
const CLASS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) CLASS[c] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;
const isWhite = (c: number): boolean => CLASS[c] === 1;

interface OperatorEvent {
  /** See opCode. */
  op: number;
  /** Byte offset of the operator's first operand (or of the operator when it has none). */
  start: number;
  /** Byte offset just after the operator (after the image data for BI). */
  end: number;
}

/**
 * Calls `onOperator` for each operator of one content stream, in order.
 * Chromium's pages are tens of kilobytes of numbers and operators each, so
 * operands are skipped, not parsed: only their extent is kept (BDC's are read
 * again from the bytes, see MarkedContentState).
 */
function eachOperator(bytes: Uint8Array, onOperator: (event: OperatorEvent) => void): void {
  let operandStart = -1;
  let i = 0;
  const n = bytes.length;
  const event: OperatorEvent = { op: 0, start: 0, end: 0 };
  while (i < n) {
    const c = bytes[i]!;
    const kind = CLASS[c]!;
    if (kind === 1) {
      i++;
      continue;
    }
    const at = i;
    if (c === 37) {
      while (i < n && bytes[i] !== 10 && bytes[i] !== 13) i++;
      continue;
    }
    if (operandStart < 0) operandStart = at;
    if (c === 40) {
      i = skipLiteralString(bytes, i);
    } else if (c === 60 && bytes[i + 1] !== 60) {
      while (i < n && bytes[i] !== 62) i++;
      i++;
    } else if (c === 60 || c === 62) {
      i += 2; // << or >>: a dictionary operand
    } else if (kind === 2 && c !== 47) {
      i++; // [ ] { } )
    } else if (c === 47 || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
      // A name or a number.
      i++;
      while (i < n && CLASS[bytes[i]!] === 0) i++;
    } else {
      let code = 0;
      let scale = 1;
      while (i < n && CLASS[bytes[i]!] === 0) {
        code += bytes[i]! * scale;
        scale *= 256;
        i++;
      }
      if (KEYWORDS.has(code)) continue;
      if (code === BI) i = skipInlineImage(bytes, i);
      event.op = code;
      event.start = operandStart;
      event.end = i;
      onOperator(event);
      operandStart = -1;
    }
  }
}

interface Sequence {
  tagged: boolean;
  artifact: boolean;
}

/** Follows the marked-content nesting; `covered` says whether painting now is tagged or an artifact. */
class MarkedContentState {
  private readonly stack: Sequence[] = [];
  private coveringDepth = 0;
  unbalanced = false;

  /** Returns the MCID a BDC opens, if any. */
  apply(event: OperatorEvent, bytes: Uint8Array): number | null {
    if (event.op === BDC || event.op === BMC) {
      const operands = ascii(bytes, event.start, event.end);
      const tag = /^\/([^\s/<[(]+)/.exec(operands)?.[1] ?? '';
      const mcid = event.op === BDC ? /\/MCID\s+(\d+)/.exec(operands)?.[1] : undefined;
      const sequence = { tagged: mcid !== undefined, artifact: tag === 'Artifact' };
      this.stack.push(sequence);
      if (sequence.tagged || sequence.artifact) this.coveringDepth++;
      return mcid === undefined ? null : Number(mcid);
    }
    if (event.op === EMC) {
      const sequence = this.stack.pop();
      if (!sequence) this.unbalanced = true;
      else if (sequence.tagged || sequence.artifact) this.coveringDepth--;
    }
    return null;
  }

  get covered(): boolean {
    return this.coveringDepth > 0;
  }

  get open(): boolean {
    return this.stack.length > 0;
  }
}

/** Scans the page's content streams (decoded, in order: together they form one stream). */
export function scanContentMarks(streams: Uint8Array[]): ContentMarks {
  const result: ContentMarks = { mcids: [], untaggedPaints: 0, unbalanced: false };
  const state = new MarkedContentState();
  for (const bytes of streams) {
    eachOperator(bytes, (event) => {
      const mcid = state.apply(event, bytes);
      if (mcid !== null) result.mcids.push(mcid);
      else if (!state.covered && PAINT_OPERATORS.has(event.op)) result.untaggedPaints++;
    });
  }
  result.unbalanced = state.unbalanced || state.open;
  return result;
}

const ARTIFACT_OPEN = new TextEncoder().encode('/Artifact BMC\n');
const ARTIFACT_CLOSE = new TextEncoder().encode('\nEMC\n');

/**
 * One content stream with every run of untagged painting wrapped in
 * `/Artifact BMC … EMC`, or null when it has none. A run starts with the
 * construction of the first path it paints (or the first operator's operands)
 * and ends with its last painting operator; it never crosses q/Q, BT/ET or
 * marked content, so the new sequences nest properly. The stream is taken on
 * its own: Chromium opens and closes every sequence within one stream.
 */
export function markUntaggedAsArtifacts(bytes: Uint8Array): Uint8Array | null {
  if (!mayHaveUntaggedPaint(bytes)) return null;
  const state = new MarkedContentState();
  const runs: [number, number][] = [];
  let runStart = -1;
  let runEnd = -1;
  let pathStart = -1;
  const closeRun = (): void => {
    if (runStart >= 0 && runEnd > runStart) runs.push([runStart, runEnd]);
    runStart = runEnd = pathStart = -1;
  };
  eachOperator(bytes, (event) => {
    if (RUN_BOUNDARIES.has(event.op)) {
      closeRun();
      state.apply(event, bytes);
      return;
    }
    if (state.covered) return;
    if (PATH_OPERATORS.has(event.op)) {
      if (pathStart < 0) pathStart = event.start;
    } else if (PAINT_OPERATORS.has(event.op)) {
      const start = pathStart >= 0 ? pathStart : event.start;
      if (runStart < 0) runStart = start;
      runEnd = event.end;
      pathStart = -1;
    } else if (event.op === END_PATH) {
      pathStart = -1; // a clipping path, not painted
    }
  });
  closeRun();
  if (runs.length === 0) return null;
  const out = new Uint8Array(bytes.length + runs.length * (ARTIFACT_OPEN.length + ARTIFACT_CLOSE.length));
  let read = 0;
  let write = 0;
  for (const [start, end] of runs) {
    out.set(bytes.subarray(read, start), write);
    write += start - read;
    out.set(ARTIFACT_OPEN, write);
    write += ARTIFACT_OPEN.length;
    out.set(bytes.subarray(start, end), write);
    write += end - start;
    out.set(ARTIFACT_CLOSE, write);
    write += ARTIFACT_CLOSE.length;
    read = end;
  }
  out.set(bytes.subarray(read), write);
  return out;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let k = start; k < end; k++) s += String.fromCharCode(bytes[k]!);
  return s;
}

function skipLiteralString(bytes: Uint8Array, start: number): number {
  let depth = 0;
  let i = start;
  while (i < bytes.length) {
    const c = bytes[i]!;
    if (c === 92) i += 2;
    else {
      if (c === 40) depth++;
      else if (c === 41 && --depth === 0) return i + 1;
      i++;
    }
  }
  return i;
}

/** From just after BI to just after EI: the data after ID is binary, and ends at an EI between white space. */
function skipInlineImage(bytes: Uint8Array, start: number): number {
  let i = start;
  while (i + 2 < bytes.length && !(isWhite(bytes[i - 1]!) && bytes[i] === 73 && bytes[i + 1] === 68 && isWhite(bytes[i + 2]!))) i++;
  i += 3;
  const endsHere = (k: number): boolean =>
    isWhite(bytes[k - 1]!) && bytes[k] === 69 && bytes[k + 1] === 73 && (k + 2 >= bytes.length || isWhite(bytes[k + 2]!));
  while (i + 1 < bytes.length && !endsHere(i)) i++;
  return Math.min(bytes.length, i + 2);
}

const LITERAL_STRING = 40;
const COMMENT = 37;
const B = 66;
const E = 69;
const M = 77;
const D = 68;
const C = 67;
/** `/MCID n >>` or `/Artifact` (with or without a property dictionary) just before the operator. */
const COVERING_OPERANDS = /(?:\/MCID\s+\d+\s*>>|\/Artifact\s*(?:<<[^]*>>)?)\s*$/;

/**
 * A fast, conservative answer to "does this stream paint outside tagged and
 * artifact content?": a Chromium page is about 70 KB, nearly all of it inside
 * tagged sequences, so only the stretches between them are tokenized. The
 * marked-content operators are found by their bytes (BDC, BMC, EMC between
 * white space; hex strings cannot hold them, as M is no hex digit and a B
 * there follows a hex digit); a stream with literal strings or comments, which
 * could hold such bytes, is always answered yes. Yes means "scan it fully".
 */
export function mayHaveUntaggedPaint(bytes: Uint8Array): boolean {
  if (bytes.indexOf(LITERAL_STRING) >= 0 || bytes.indexOf(COMMENT) >= 0) return true;
  const covering: boolean[] = [];
  let coveredDepth = 0;
  let segmentStart = 0;
  const n = bytes.length;
  // indexOf is native (memchr): most of the page is skipped without a JavaScript step per byte.
  for (let i = bytes.indexOf(C, 2); i >= 0; i = bytes.indexOf(C, i + 1)) {
    const middle = bytes[i - 1];
    const first = bytes[i - 2];
    const opens = first === B && (middle === D || middle === M);
    const closes = first === E && middle === M;
    if (!opens && !closes) continue;
    const before = i >= 3 ? bytes[i - 3]! : 32;
    if (!(CLASS[before] !== 0 || before === 62) || (i + 1 < n && CLASS[bytes[i + 1]!] === 0)) continue;
    const at = i - 2;
    if (coveredDepth === 0 && segmentPaints(bytes, segmentStart, at)) return true;
    if (opens && coveredDepth > 0) {
      // Inside a tagged or artifact sequence (an /ActualText span in a tagged line: one per ligature
      // or soft hyphen) what the new one is changes nothing: painting stays covered until the
      // enclosing one closes, and counting it as not covering keeps the depth right when it closes.
      covering.push(false);
    } else if (opens) {
      // The operands end right before the operator: 48 bytes hold `/MCID n >>` or `/Artifact …`.
      const from = Math.max(segmentStart, at - 48);
      const operands = Buffer.from(bytes.buffer, bytes.byteOffset + from, at - from).toString('latin1');
      const covers = COVERING_OPERANDS.test(operands);
      covering.push(covers);
      if (covers) coveredDepth++;
    } else {
      if (covering.length === 0) return true; // unbalanced: let the full scan see it
      if (covering.pop()) coveredDepth--;
    }
    segmentStart = i + 1;
  }
  return coveredDepth === 0 && segmentPaints(bytes, segmentStart, n);
}

function segmentPaints(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start < 1) return false;
  let paints = false;
  eachOperator(bytes.subarray(start, end), (event) => {
    if (PAINT_OPERATORS.has(event.op)) paints = true;
  });
  return paints;
}
