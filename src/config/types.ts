/** The fully resolved, defaulted configuration of one course, computed from book.yaml (see schema.ts for what authors write). */
import type { OutputIntentKind, PaperKind, PrintColor, PrintStandard, PrintTarget, PrintTargetName } from './print-targets.ts';
import type { BookTexts } from './schema.ts';

export interface PageGeometry {
  /** The size as written in book.yaml, e.g. "A4" or "170mm 240mm". */
  size: string;
  /** Trim size in millimetres. */
  widthMm: number;
  heightMm: number;
  /** Extra inner margin for the binding, added to the inner margin of every page. */
  gutterMm: number;
  margins: { topMm: number; bottomMm: number; innerMm: number; outerMm: number };
  /** Bleed around the trim box; 0 = no bleed. */
  bleedMm: number;
  /** Printer's marks drawn outside the bleed. */
  marks: 'none' | 'crop';
  /** Thickness of one leaf of paper, for the cover's spine width. */
  paperThicknessMm: number;
}

/** Where the book goes to print: the chosen target's rules, resolved. */
export interface PrintConfig {
  target: PrintTargetName;
  /** The target's rules (bleed, trims, margins, spine…), see config/print-targets.ts. */
  rules: PrintTarget;
  standard: PrintStandard | null;
  /** The output intent written into a PDF/X output: null when the target has no standard. */
  outputIntent: OutputIntentKind | null;
  color: PrintColor;
  paper: PaperKind;
  /** Where book.yaml says `print.target` (or line 1 when it does not), for errors found later (page count). */
  source: { file: string; line: number; column: number };
}

export interface EditionConfig {
  name: string;
  /** Localized label per language code; falls back to the locale file's `edition.<name>`. */
  label: Record<string, string>;
  /** Fenced-div names whose content this edition includes (besides always-shown callouts). */
  includes: string[];
  /** Optional cover colour (CSS colour) and watermark text. */
  coverColor?: string;
  watermark?: string;
}

export interface BookConfig {
  /** Absolute path of the course folder. */
  root: string;
  /** Absolute path of book.yaml. */
  file: string;
  title: string;
  subtitle: string;
  authors: string[];
  publisher: string;
  /** Language codes; the first is the source language. */
  languages: string[];
  editions: EditionConfig[];
  page: PageGeometry;
  toc: { depth: number };
  /** Edition whose page numbers the trainer editions show for each chapter, section and exercise (`concordance:`). */
  concordance?: string;
  subject?: string;
  keywords: string[];
  /** Free text for the colophon, e.g. a licence. */
  rights?: string;
  /** `blocks:` of book.yaml: other names for coursebook's blocks, and callouts of the course's own. */
  blocks: Record<string, BlockConfig>;
  /** The printer the book goes to and how (print.target, print.paper, print.color). */
  print: PrintConfig;
  /** Book texts per language (title, subtitle…), overriding the ones above. */
  translations: Record<string, BookTexts>;
}

/** The book's texts in one language: its translation where given, else the book.yaml values. */
export function bookTextsFor(
  config: BookConfig,
  lang: string,
): Required<Pick<BookConfig, 'title' | 'subtitle' | 'publisher' | 'keywords'>> & { subject: string; rights: string; authors: string[] } {
  const own = config.translations[lang] ?? config.translations[lang.split('-')[0] ?? lang] ?? {};
  return {
    title: own.title ?? config.title,
    subtitle: own.subtitle ?? config.subtitle,
    publisher: own.publisher ?? config.publisher,
    subject: own.subject ?? config.subject ?? config.subtitle,
    rights: own.rights ?? config.rights ?? '',
    keywords: own.keywords ?? config.keywords,
    authors: config.authors,
  };
}

/** A fenced-div name declared in book.yaml's `blocks:`. */
export type BlockConfig =
  /** Another spelling of a block (`instructor: trainer`). */
  | { kind: 'alias'; target: string }
  /** A callout of the course's own: its title per language ("*" for every language), the editions showing it (null: all). */
  | { kind: 'callout'; label: Record<string, string>; editions: string[] | null };
