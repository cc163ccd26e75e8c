/**
 * Leak guard: after printing, the text of an edition's PDF is read back
 * (report/pdf-text.ts) and
 * searched for passages that were excluded from that edition (trainer notes,
 * answers, trainer-only chapters in the participant book…) and that occur
 * nowhere in what the edition shows. Any hit fails the build. Passages are compared on letters and digits only, so line
 * breaks, hyphenation and spacing in the PDF do not hide a leak.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';

export interface HiddenPassage {
  /** Where it comes from, for the message. */
  file: string;
  line: number;
  what: string;
  /** Plain text of the passage. */
  text: string;
}

/** Words per probe: long enough never to match visible text by chance. */
const PROBE_WORDS = 8;
/** Letters a probe needs at least; also the window of the rolling hash in findLeaks. */
const WINDOW = 20;

export interface Probe {
  passage: HiddenPassage;
  key: string;
}

/**
 * Up to three probes per passage (its start, middle and end), chosen among the
 * passage's runs of PROBE_WORDS words that do not occur in `shown`, the letters
 * of what the edition shows (its visible chapters and blocks, see
 * edition-text.ts). Words a hidden block shares with the visible
 * text (an answer repeating the commands or file names of its exercise) are
 * printed legitimately: finding them is no evidence of a leak. A passage all of
 * whose runs are visible has nothing of its own that could leak, and no probe.
 */
export function probesFor(passages: HiddenPassage[], shown = ''): Probe[] {
  const chooser = new ProbeChooser(passages);
  chooser.searchShown(shown);
  return chooser.probes();
}

/** Every run of PROBE_WORDS words of the hidden passages, less those found in what the edition shows. */
class ProbeChooser {
  private readonly candidates: Probe[] = [];
  private readonly visible: ProbeSearch;
  readonly longestKey: number = 0;

  constructor(passages: HiddenPassage[]) {
    for (const passage of passages) {
      // A run's key is its words' letters joined, as letters() of the run would give: one pass over the passage.
      const { joined, starts } = wordLetters(passage.text);
      const count = starts.length - 1;
      if (count < 4) continue; // too short to tell apart from visible text
      const last = Math.max(0, count - PROBE_WORDS);
      for (let start = 0; start <= last; start++) {
        const key = joined.slice(starts[start], starts[Math.min(start + PROBE_WORDS, count)]);
        if (key.length < WINDOW) continue;
        this.candidates.push({ passage, key });
        this.longestKey = Math.max(this.longestKey, key.length);
      }
    }
    this.visible = new ProbeSearch(this.candidates);
  }

  searchShown(text: string): void {
    this.visible.search(text);
  }

  /** Up to three per passage, its start, middle and end, among its runs nothing visible contains. */
  probes(): Probe[] {
    const own = new Map<HiddenPassage, Probe[]>();
    for (const probe of this.candidates) {
      if (this.visible.foundProbe(probe)) continue;
      const list = own.get(probe.passage);
      if (list) list.push(probe);
      else own.set(probe.passage, [probe]);
    }
    // Each list holds at least one probe, so none of the three is missing.
    const startMiddleEnd = (list: Probe[]): (Probe | undefined)[] => [list[0], list[Math.floor((list.length - 1) / 2)], list.at(-1)];
    return [...own.values()].flatMap((list) => [...new Set(startMiddleEnd(list))].filter((probe) => probe !== undefined));
  }
}

const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
/** 1 for each UTF-16 unit of the Basic Multilingual Plane that is a letter or a number. */
let keptUnits: Uint8Array | null = null;

function keptUnitTable(): Uint8Array {
  if (!keptUnits) {
    keptUnits = new Uint8Array(0x10000);
    for (let unit = 0; unit < 0x10000; unit++) {
      if (unit < 0xd800 || unit > 0xdfff) keptUnits[unit] = LETTER_OR_NUMBER.test(String.fromCharCode(unit)) ? 1 : 0;
    }
  }
  return keptUnits;
}

/**
 * The letters and digits of a text, lower-cased, after NFKC normalization:
 * what texts are compared on. Every letter of every printed part passes
 * through here, so it is a table lookup per UTF-16 unit: a Unicode-property
 * regular expression over the whole text costs several times as much
 * (docs/performance.md, "Leak guard").
 */
export function letters(text: string): string {
  return keepLetters(text, null);
}

const UTF16 = new TextDecoder('utf-16le');

/**
 * letters() of a text, with where each of its words starts in the result
 * (words without a letter or digit are skipped; `starts` ends with the length).
 */
export function wordLetters(text: string): { joined: string; starts: number[] } {
  const starts: number[] = [];
  const joined = keepLetters(text, starts);
  return { joined, starts };
}

/** Spaces between words: in a printed line, the breaking and thin spaces too. */
function isWordBreak(unit: number): boolean {
  return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d) || unit === 0xa0 || unit === 0x202f || unit === 0x2009 || unit === 0x3000;
}

/** One pass for both: `starts`, when given, receives where each word begins in the result, then its length. */
function keepLetters(text: string, starts: number[] | null): string {
  const normalized = text.normalize('NFKC').toLowerCase();
  const kept = keptUnitTable();
  const out = new Uint16Array(normalized.length);
  let length = 0;
  let wordStart = 0;
  for (let i = 0; i < normalized.length; i++) {
    const unit = normalized.charCodeAt(i);
    if (starts !== null && isWordBreak(unit)) {
      if (length > wordStart) starts.push(wordStart);
      wordStart = length;
      continue;
    }
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < normalized.length) {
      // A character outside the BMP: tested whole.
      const low = normalized.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        if (LETTER_OR_NUMBER.test(normalized.slice(i, i + 2))) {
          out[length++] = unit;
          out[length++] = low;
        }
        i++;
        continue;
      }
    }
    if (kept[unit]) out[length++] = unit;
  }
  if (starts !== null) {
    if (length > wordStart) starts.push(wordStart);
    starts.push(length);
  }
  return UTF16.decode(out.subarray(0, length));
}

const BASE = 0x01000193;
const MAYBE_SIZE = 1 << 20;

/** Polynomial hash of `text[start, start + WINDOW)`, modulo 2^32. */
function windowHash(text: string, start: number): number {
  let hash = 0;
  for (let i = start; i < start + WINDOW; i++) hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) >>> 0;
  return hash;
}

/**
 * Which probes occur in a text, in one pass: a book's text is megabytes and
 * it has hundreds of probes; both grow with the book, so searching for each
 * probe in turn would cost the square of its length. The first WINDOW
 * letters of each probe are hashed; a rolling hash over the text finds
 * candidate places, checked exactly. Texts are searched one by one (each printed part as it is read)
 * and what was found adds up.
 */
export class ProbeSearch {
  private readonly byHead = new Map<number, Probe[]>();
  /**
   * Most windows start no probe: a flag per low 20 bits of the hash rules them
   * out before the map is asked (tens of thousands of candidate probes when
   * the visible text is searched would fill a smaller table).
   */
  private readonly maybe = new Uint8Array(MAYBE_SIZE);
  private readonly found = new Set<Probe>();

  constructor(probes: Probe[]) {
    for (const probe of probes) {
      if (probe.key.length < WINDOW) continue;
      const head = windowHash(probe.key, 0);
      const list = this.byHead.get(head);
      if (list) list.push(probe);
      else this.byHead.set(head, [probe]);
      this.maybe[head & (MAYBE_SIZE - 1)] = 1;
    }
  }

  /** Adds what `text` holds to what was found; returns the probes found in this text. */
  search(text: string): Set<Probe> {
    const inText = new Set<Probe>();
    if (text.length < WINDOW) return inText;
    let power = 1; // BASE^(WINDOW-1), to take the leaving character out
    for (let i = 1; i < WINDOW; i++) power = Math.imul(power, BASE) >>> 0;
    let hash = windowHash(text, 0);
    for (let i = 0; ; i++) {
      const candidates = this.maybe[hash & (MAYBE_SIZE - 1)] ? this.byHead.get(hash) : undefined;
      if (candidates) for (const probe of candidates) if (text.startsWith(probe.key, i)) inText.add(probe);
      if (i + WINDOW >= text.length) break;
      hash = (Math.imul((hash - Math.imul(text.charCodeAt(i), power)) >>> 0, BASE) + text.charCodeAt(i + WINDOW)) >>> 0;
    }
    for (const probe of inText) this.found.add(probe);
    return inText;
  }

  /** Counts probes as found without a search (what an earlier search of the same text found). */
  addFound(probes: Iterable<Probe>): void {
    for (const probe of probes) this.found.add(probe);
  }

  foundProbe(probe: Probe): boolean {
    return this.found.has(probe);
  }

  /** One error per passage some probe of which was found, for output `output` (e.g. "fr/participant"). */
  leaks(output: string): Diagnostic[] {
    const leaked = new Set<HiddenPassage>([...this.found].map((probe) => probe.passage));
    return [...leaked].map((passage) => ({
      severity: 'error' as const,
      code: 'leak/excluded-text',
      message: `${passage.what} excluded from ${output} appears in its PDF`,
      file: passage.file,
      line: passage.line,
      hint: "words found only in this hidden block are printed: a template or stylesheet prints them, or the block is shown in the wrong edition (check the editions' includes in book.yaml)",
    }));
  }
}

/** The leaks of one whole text. */
export function findLeaks(text: string, probes: Probe[], output: string): Diagnostic[] {
  const search = new ProbeSearch(probes);
  search.search(text);
  return search.leaks(output);
}
