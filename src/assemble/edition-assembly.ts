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
import type { EditionText } from '../report/leak-guard/edition-text.ts';
import { itemAt } from '../item-at.ts';
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
  /** What the edition hides and shows, and the output's name for the leak guard's findings. */
  leakGuard: { text: EditionText; output: string };
  preflight?: PreflightOptions;
}

/** A printed part, with what an earlier build found in the same document (cache): its letters, its pages with no untagged painting. */
export interface PrintedPart {
  bytes: Uint8Array;
  /** The part's print key (build-cache.ts): names these bytes, for what the leak guard remembers of them. */
  key: string;
  letters: string | null;
  cleanPages: number[] | null;
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
  /** Letters read from part `index`, for the cache. */
  letters: (index: number, text: string) => void;
  /** Pages of part `index` found with no untagged painting, for the cache. */
  cleanPages: (index: number, pages: number[]) => void;
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
  const guard = LeakGuard.of(request.leakGuard.text);
  const printedParts = inputs.parts.map((part) => part.then((p) => p.bytes));
  const furniture = inputs.furniture.then((pdf) => ({ pdf, ...request.furnitureLayout }));
  // Each is awaited in its turn; one failing before then must not be reported as unhandled meanwhile.
  for (const pending of [...printedParts, furniture]) pending.catch(() => undefined);
  const assembled = await assembleInterior({
    ...request.settings,
    printedParts,
    furniture,
    onPlanned: events.planned,
    partHooks: {
      ...(guard.active
        ? {
            onPart: async (doc: PDFDocument, index: number) => {
              const part = await itemAt(inputs.parts, index);
              const read = await guard.read(doc, part.letters, part.key);
              if (read !== null) events.letters(index, read);
            },
          }
        : {}),
      cleanPages: async (index) => (await itemAt(inputs.parts, index)).cleanPages ?? [],
      onClean: events.cleanPages,
    },
    otherPdfPages: request.otherPdfPages.map((other, i) => ({ ...other, layout: itemAt(inputs.layouts, i) })),
    ...(request.preflight ? { preflight: request.preflight } : {}),
  });
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
