/**
 * The assembly of one edition as one step from data to data: the printed
 * parts' bytes in; the book's bytes, its page count, the leak guard's and
 * preflight's findings out. Everything it takes crosses a thread boundary as
 * plain data (assembly-thread.ts runs it on a worker thread); only the printed
 * documents and the other PDFs' layouts arrive later, as promises, since
 * parts are merged while later ones still print.
 */
import type { PDFDocument } from 'pdf-lib';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { ConcordanceSlot, SourceLayout } from '../edition/concordance.ts';
import type { PreflightOptions, Violation } from '../preflight/types.ts';
import { LeakGuard } from '../report/leak-guard/edition-guard.ts';
import type { KnownPart, ProbeRecord } from '../report/leak-guard/leak-records.ts';
import type { UntaggedMarks } from './untagged-artifacts.ts';
import { loadPart } from './merge-parts.ts';
import { dropParsedAhead, takeParsedAhead } from './parsed-ahead.ts';
import { seedFontRecords, takeFontRecords, type FontRecords } from './shared-fontkit.ts';
import type { EditionText } from '../report/leak-guard/edition-text.ts';
import { itemAt } from '../item-at.ts';
import { trace } from '../trace.ts';
import { assembleInterior, type FurnitureInput, type InteriorInput } from './assemble-interior.ts';

/** The assembly settings: what `assembleInterior` takes besides documents, promises and callbacks. */
export type InteriorSettings = Omit<
  InteriorInput,
  'printedParts' | 'furniture' | 'onPlanned' | 'partHooks' | 'otherPdfPages' | 'preflight'
>;

export interface AssemblyRequest {
  settings: InteriorSettings;
  furnitureLayout: Omit<FurnitureInput, 'pdf'>;
  /** Page numbers of other PDFs: their slots and file name (their layouts come as inputs). */
  otherPdfPages: { prefix: string; slots: Record<string, ConcordanceSlot>; file: string }[];
  /**
   * What the edition hides and shows, and the output's name for the leak
   * guard's findings; the probes an earlier build chose for the same text, if
   * the cache has them.
   */
  leakGuard: { text: EditionText; output: string; probes: ProbeRecord | null };
  preflight?: PreflightOptions;
  /** The folio fonts' layouts and subset as earlier builds made them (the cache), if any. */
  fonts: FontRecords | null;
}

/** A printed part, with what marking its untagged painting did in an earlier build of the same document (the cache). */
export interface PrintedPart {
  bytes: Uint8Array;
  /** Its print key (cache/build-cache.ts), which names these bytes: a document parsed ahead under it will do. */
  key: string;
  untaggedMarks: UntaggedMarks | null;
}

export interface AssemblyInputs {
  parts: Promise<PrintedPart>[];
  furniture: Promise<Uint8Array>;
  /** One per `otherPdfPages` entry, awaited only before stamping. */
  layouts: Promise<SourceLayout>[];
}

export interface AssemblyEvents {
  /** The final page count, known before stamping and saving (the cover needs it). */
  planned: (pageCount: number) => void;
  /** The probes chosen for the edition's text, when they were not known: for the cache. */
  probes: (probes: ProbeRecord) => void;
  /**
   * The leak guard's probe set is known (its key): what earlier builds found
   * of each part with it, by part index — the probes it holds, or else its letters.
   */
  probeSet: (key: string) => Promise<KnownPart[]>;
  /** Letters read from part `index`, for the cache. */
  letters: (index: number, text: string) => void;
  /** Probes found in part `index` by a search, for the cache. */
  hits: (index: number, hits: number[]) => void;
  /** What marking the untagged painting of part `index` did, when not all of it was known: for the cache. */
  untaggedMarks: (index: number, marks: UntaggedMarks) => void;
  /** The folio fonts' layouts and subset, when this assembly added to what the cache had. */
  fonts: (records: FontRecords) => void;
}

export interface AssembledEdition {
  bytes: Uint8Array;
  pages: number;
  slotOverflows: number;
  watermarkSkipped: boolean;
  colorUnconverted: string[];
  sourceLayout?: SourceLayout;
  preflight?: Violation[];
  /** Text of hidden blocks found in the book (the leak guard's errors). */
  leaks: Diagnostic[];
}

export async function assembleEdition(request: AssemblyRequest, inputs: AssemblyInputs, events: AssemblyEvents): Promise<AssembledEdition> {
  if (request.fonts) seedFontRecords(request.fonts);
  const guard = LeakGuard.of(request.leakGuard.text, request.leakGuard.probes);
  if (guard.chosenNow) events.probes(guard.record);
  const known = guard.active ? events.probeSet(guard.key) : Promise.resolve([]);
  known.catch(() => undefined); // awaited by the first part read
  const printedParts = inputs.parts.map((part) => part.then((p) => p.bytes));
  const furniture = inputs.furniture.then((pdf) => ({ pdf, ...request.furnitureLayout }));
  // Each is awaited in its turn; one failing before then must not be reported as unhandled meanwhile.
  for (const pending of [...printedParts, furniture]) pending.catch(() => undefined);
  let assembled;
  let parsedAhead = 0;
  try {
    assembled = await assembleInterior({
      ...request.settings,
      printedParts,
      furniture,
      onPlanned: events.planned,
      partHooks: {
        load: async (bytes, index) => {
          const ahead = await takeParsedAhead((await itemAt(inputs.parts, index)).key, index);
          if (ahead) parsedAhead++;
          return ahead ? { doc: ahead, named: true } : { doc: await loadPart(bytes), named: false };
        },
        ...(guard.active
          ? {
              onPart: async (doc: PDFDocument, index: number) => {
                const read = await guard.read(doc, (await known)[index] ?? { letters: null, hits: null });
                if (read.letters !== null) events.letters(index, read.letters);
                if (read.hits !== null) events.hits(index, read.hits);
              },
            }
          : {}),
        untaggedMarks: async (index) => (await itemAt(inputs.parts, index)).untaggedMarks,
        onMarked: events.untaggedMarks,
      },
      otherPdfPages: request.otherPdfPages.map((other, i) => ({ ...other, layout: itemAt(inputs.layouts, i) })),
      ...(request.preflight ? { preflight: request.preflight } : {}),
    });
  } finally {
    // Parts parsed ahead for this edition and not reused are garbage now.
    dropParsedAhead(request.leakGuard.output);
  }
  trace(`${request.leakGuard.output}: ${parsedAhead} of ${inputs.parts.length} parts parsed ahead`);
  const fonts = takeFontRecords();
  if (fonts) events.fonts(fonts);
  return {
    bytes: assembled.bytes,
    pages: assembled.pages.length,
    slotOverflows: assembled.slotOverflows,
    watermarkSkipped: assembled.watermarkSkipped,
    colorUnconverted: assembled.colorUnconverted,
    ...(assembled.sourceLayout ? { sourceLayout: assembled.sourceLayout } : {}),
    ...(assembled.preflight ? { preflight: assembled.preflight } : {}),
    leaks: guard.leaks(request.leakGuard.output),
  };
}
