/**
 * The fontkit that pdf-lib embeds the folio fonts with, shared by every
 * edition of a build. pdf-lib parses the font file again for each document
 * (and inflates its WOFF), and runs fontkit's full OpenType layout each time
 * a label is measured or encoded: the same few hundred folio labels, for
 * every edition — about half a second per four editions. Here each font file
 * is parsed once, and each text laid out once per font. pdf-lib reads a
 * layout's glyphs and never changes them, and each document still keeps its
 * own subset of the glyphs it uses.
 *
 * A new process (a `coursebook build` after an edit) would lay the same
 * labels out again, cold (fontkit decoding the font's GSUB and GPOS tables
 * and shaping each label: 0.1 s of a one-edition rebuild, after its print),
 * and encode the same subset: what was laid out and encoded is also kept in
 * the build cache (`FontRecords`, seeded and taken by the assembly), and
 * replayed the way fontkit gives it.
 */
import { createHash } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import { EventEmitter } from 'node:events';
import type { PDFDocument } from 'pdf-lib';

/** pdf-lib's fontkit interface (not exported by name). */
type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type Font = ReturnType<Fontkit['create']>;
type GlyphRun = ReturnType<Font['layout']>;

/** Layouts kept per font: far more than the distinct labels of any book. */
const REMEMBERED_LAYOUTS = 20_000;

const fonts = new Map<string, Font>();

export const sharedFontkit: Fontkit = {
  create(buffer: Uint8Array, postscriptName?: string): Font {
    const key = `${createHash('sha256').update(buffer).digest('hex')} ${postscriptName ?? ''}`;
    let font = fonts.get(key);
    if (!font) {
      font = fontkit.create(buffer, postscriptName);
      rememberTables(font);
      rememberLayouts(font, key);
      rememberSubsets(font, key);
      fonts.set(key, font);
    }
    return font;
  },
};

/** The part of fontkit's font that reads its tables: the file's stream, and a stream over one table's bytes. */
interface TableSource {
  stream: unknown;
  _getTableStream(tag: string): { buffer: Uint8Array; constructor: new (buffer: Uint8Array) => unknown } | null;
}

/**
 * fontkit reads a WOFF's table by inflating it (with its JavaScript
 * inflater) at every read, and it reads the glyph table once per glyph it
 * measures (the glyph's box, for its vertical metrics) or subsets: the
 * first folios measured in an assembly inflated the whole glyph table of
 * the folio font some fifteen times, about 60 ms after the last part was
 * printed. Each table is inflated once here; every read gets a fresh
 * stream (its own position) over the same bytes, which readers never
 * change. An uncompressed font's reads (the file's own stream) are left as
 * they are.
 */
function rememberTables(font: Font): void {
  const source = font as unknown as TableSource;
  const getTableStream = source._getTableStream.bind(font);
  const inflated = new Map<string, { buffer: Uint8Array; Stream: new (buffer: Uint8Array) => unknown }>();
  source._getTableStream = (tag: string) => {
    const known = inflated.get(tag);
    if (known) return new known.Stream(known.buffer) as ReturnType<TableSource['_getTableStream']>;
    const stream = getTableStream(tag);
    if (stream && stream !== source.stream) inflated.set(tag, { buffer: stream.buffer, Stream: stream.constructor });
    return stream;
  };
}

/** A laid-out glyph as kept: its id and the code points it stands for. */
type GlyphRecord = [id: number, codePoints: number[]];

/**
 * Layouts and encoded subsets as the build cache keeps them, by font (a
 * digest of its file and its PostScript name): a function of the font file,
 * the text or glyphs, and fontkit's version (in the record's key).
 */
export interface FontRecords {
  layouts: Record<string, Record<string, GlyphRecord[]>>;
  /** Encoded subset files (base64), by font and glyph list. */
  subsets: Record<string, Record<string, string>>;
}

/** What the cache gave and what this process laid out or encoded, by font. */
const recorded = { layouts: new Map<string, Map<string, GlyphRecord[]>>(), subsets: new Map<string, Map<string, string>>() };
/** Whether this process laid out or encoded something the records lacked. */
let recordsGrew = false;

function recordsOf<T>(maps: Map<string, Map<string, T>>, font: string): Map<string, T> {
  let map = maps.get(font);
  if (!map) maps.set(font, (map = new Map<string, T>()));
  return map;
}

/** Adds what an earlier build laid out and encoded (the build cache) to what this process can replay. */
export function seedFontRecords(records: FontRecords): void {
  seed(recorded.layouts, records.layouts);
  seed(recorded.subsets, records.subsets);
}

function seed<T>(maps: Map<string, Map<string, T>>, byFont: Record<string, Record<string, T>>): void {
  for (const [font, entries] of Object.entries(byFont)) {
    const known = recordsOf(maps, font);
    for (const [key, value] of Object.entries(entries)) if (!known.has(key)) known.set(key, value);
  }
}

/** Everything known, for the build cache, when this process added to it since the last call; else null. */
export function takeFontRecords(): FontRecords | null {
  if (!recordsGrew) return null;
  recordsGrew = false;
  const plain = <T>(maps: Map<string, Map<string, T>>): Record<string, Record<string, T>> =>
    Object.fromEntries([...maps].map(([font, entries]) => [font, Object.fromEntries(entries)]));
  return { layouts: plain(recorded.layouts), subsets: plain(recorded.subsets) };
}

/**
 * Everything stamped is a number (folios, page numbers) or Latin text, drawn
 * glyph after glyph from left to right. fontkit would lay Arabic-Indic digits
 * out right to left (their script is Arabic) and pdf-lib would then print ١٠
 * as ٠١: numbers read left to right in every script, so the run is always ltr.
 */
const STAMP_DIRECTION = 'ltr';

/** fontkit's layout, whose script and direction arguments pdf-lib's types leave out. */
type FullLayout = (
  text: string,
  features: Parameters<Font['layout']>[1],
  script: undefined,
  language: undefined,
  direction: 'ltr',
) => GlyphRun;

/** The part of fontkit's font a replayed layout uses. */
interface GlyphSource {
  glyphsForString(text: string): unknown[];
  glyphForCodePoint(codePoint: number): unknown;
  getGlyph(id: number, codePoints: number[]): { id: number; codePoints: number[] };
}

function rememberLayouts(font: Font, fontKey: string): void {
  const layout = (font.layout as unknown as FullLayout).bind(font);
  const glyphSource = font as unknown as GlyphSource;
  const runs = new Map<string, GlyphRun>();
  const known = recordsOf(recorded.layouts, fontKey);
  font.layout = (text: string, features?: Parameters<Font['layout']>[1]): GlyphRun => {
    if (features !== undefined) return layout(text, features, undefined, undefined, STAMP_DIRECTION);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= REMEMBERED_LAYOUTS) runs.clear();
      const glyphs = known.get(text);
      if (glyphs) {
        // fontkit keeps each glyph with the code points it was first made with (pdf-lib's ToUnicode
        // map reads them), so the glyphs are made in layout()'s order, less the shaping: those the
        // text maps to, those the shaping gave, then the space that hides default ignorables (in a
        // digits-only font, U+0020 is .notdef).
        if (glyphSource.glyphsForString(text).length > 0) {
          run = { glyphs: glyphs.map(([id, codePoints]) => glyphSource.getGlyph(id, codePoints)) } as unknown as GlyphRun;
          glyphSource.glyphForCodePoint(0x20);
        } else {
          run = { glyphs: [] } as unknown as GlyphRun;
        }
        // pdf-lib reads only a run's glyphs.
      } else {
        run = layout(text, undefined, undefined, undefined, STAMP_DIRECTION);
        if (known.size < REMEMBERED_LAYOUTS) {
          known.set(
            text,
            run.glyphs.map((glyph) => [glyph.id, [...glyph.codePoints]]),
          );
          recordsGrew = true;
        }
      }
      runs.set(text, run);
    }
    return run;
  };
}

/** Subset files kept per font: each edition's folios use one glyph set, the same from build to build. */
const REMEMBERED_SUBSETS = 16;

/** The part of fontkit's subset pdf-lib uses: it adds glyphs, then reads the encoded font from a stream. */
interface SubsetStream {
  on(event: string, listener: (value: Uint8Array) => void): SubsetStream;
}
interface Subset {
  glyphs: number[];
  encodeStream(): SubsetStream;
}

/**
 * Encoding a subset reads every glyph it includes from the font file (each
 * read inflating the WOFF's glyph table again): 30–50 ms per edition, at the
 * end of its assembly, for a subset that is the same in every build of a
 * process (`coursebook dev`, the benchmark) until the glyphs used change.
 * The encoded file is a function of the font and the glyphs, in the order
 * they were added: it is kept under that list and replayed the way
 * fontkit's stream gives it (asynchronously, as one chunk).
 */
function rememberSubsets(font: Font, fontKey: string): void {
  const encoded = new Map<string, Uint8Array>();
  const known = recordsOf(recorded.subsets, fontKey);
  const withSubset = font as unknown as { createSubset(): Subset };
  const createSubset = withSubset.createSubset.bind(font);
  withSubset.createSubset = (): Subset => {
    const subset = createSubset();
    const encodeStream = subset.encodeStream.bind(subset);
    subset.encodeStream = (): SubsetStream => {
      const key = subset.glyphs.join(',');
      let bytes = encoded.get(key);
      const record = bytes ? undefined : known.get(key);
      if (record !== undefined) encoded.set(key, (bytes = new Uint8Array(Buffer.from(record, 'base64'))));
      if (bytes) {
        const replay = new EventEmitter();
        const file = bytes;
        process.nextTick(() => {
          replay.emit('data', file.slice()); // a copy: each document owns its bytes
          replay.emit('end');
        });
        return replay;
      }
      const chunks: Uint8Array[] = [];
      const stream = encodeStream();
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        if (encoded.size >= REMEMBERED_SUBSETS) encoded.clear();
        const file = new Uint8Array(Buffer.concat(chunks));
        encoded.set(key, file);
        // Only the latest subset of each font goes to the cache: the one the next build most likely uses.
        known.clear();
        known.set(key, Buffer.from(file).toString('base64'));
        recordsGrew = true;
      });
      return stream;
    };
    return subset;
  };
}
