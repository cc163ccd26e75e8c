/**
 * The fontkit that pdf-lib embeds the folio fonts with, shared by every
 * edition of a build. pdf-lib parses the font file again for each document
 * (and inflates its WOFF), and runs fontkit's full OpenType layout each time
 * a label is measured or encoded: the same few hundred folio labels, for
 * every edition — about half a second per four editions. Here each font file
 * is parsed once, and each text laid out once per font. pdf-lib reads a
 * layout's glyphs and never changes them, and each document still keeps its
 * own subset of the glyphs it uses.
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
      rememberLayouts(font);
      rememberSubsets(font);
      fonts.set(key, font);
    }
    return font;
  },
};

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

function rememberLayouts(font: Font): void {
  const layout = (font.layout as unknown as FullLayout).bind(font);
  const runs = new Map<string, GlyphRun>();
  font.layout = (text: string, features?: Parameters<Font['layout']>[1]): GlyphRun => {
    if (features !== undefined) return layout(text, features, undefined, undefined, STAMP_DIRECTION);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= REMEMBERED_LAYOUTS) runs.clear();
      runs.set(text, (run = layout(text, undefined, undefined, undefined, STAMP_DIRECTION)));
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
function rememberSubsets(font: Font): void {
  const encoded = new Map<string, Uint8Array>();
  const withSubset = font as unknown as { createSubset(): Subset };
  const createSubset = withSubset.createSubset.bind(font);
  withSubset.createSubset = (): Subset => {
    const subset = createSubset();
    const encodeStream = subset.encodeStream.bind(subset);
    subset.encodeStream = (): SubsetStream => {
      const key = subset.glyphs.join(',');
      const known = encoded.get(key);
      if (known) {
        const replay = new EventEmitter();
        process.nextTick(() => {
          replay.emit('data', known.slice()); // a copy: each document owns its bytes
          replay.emit('end');
        });
        return replay;
      }
      const chunks: Uint8Array[] = [];
      const stream = encodeStream();
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        if (encoded.size >= REMEMBERED_SUBSETS) encoded.clear();
        encoded.set(key, new Uint8Array(Buffer.concat(chunks)));
      });
      return stream;
    };
    return subset;
  };
}
