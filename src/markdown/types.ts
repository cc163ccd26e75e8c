import type { Token } from 'marked';
import type { Chapter } from '../content/types.ts';

/** Looks up a localized template string (see layout/locale.ts). */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** `anchor`: an id written on a bracketed span, `[term]{#id}`. */
export type TargetKind = 'chapter' | 'section' | 'figure' | 'table' | 'exercise' | 'equation' | 'anchor';

/** Something a cross-reference, the TOC or the outline can point at. */
export interface RefTarget {
  /** The author's key, e.g. `fig:credit-cycle` (chapters: `ch:<file stem>`). */
  key: string;
  htmlId: string;
  kind: TargetKind;
  /** Printed number, e.g. "2.3" (chapters: "2"). */
  number: string;
  /** Plain-text title or caption (typography applied, no soft hyphens). */
  title: string;
  /** Heading level for chapters (1) and sections (2, 3). */
  level?: number;
  chapterNumber: number;
  /** A section written `{.unlisted}`: not in the table of contents. */
  unlisted?: boolean;
  /** Where the target is declared in its chapter file (1-based), for diagnostics. */
  line?: number;
  column?: number;
}

/** One chapter lexed for one edition, with its numbering done and its targets known. */
export interface ParsedChapter {
  chapter: Chapter;
  /** 1-based position of the chapter in this edition. */
  number: number;
  htmlId: string;
  title: string;
  tokens: Token[];
  /** Chapter, sections, figures, tables and exercises, in document order. */
  targets: RefTarget[];
  /** Trainer-only answers found in this chapter, for the answer key. */
  answers: AnswerBlock[];
  /** Every bracketed span (`[text]{.class}`) of the chapter, in document order (see spans.ts). */
  spans: SpanUse[];
}

/** One bracketed span as written: its plain text, attributes and place in the chapter file. */
export interface SpanUse {
  text: string;
  attributes: import('./attributes.ts').Attributes;
  line: number;
  column: number;
}

export interface AnswerBlock {
  exercise: RefTarget | null;
  tokens: Token[];
}

/** All targets of one edition, by author key. */
export type RefIndex = Map<string, RefTarget>;
