import { DIV_NAMES } from './types.ts';
import { PAPER_KINDS, PRINT_COLORS, PRINT_TARGETS, type PaperKind, type PrintColor, type PrintTargetName } from './print-targets.ts';

/**
 * JSON schema (draft-07) of book.yaml as written by authors, before defaults.
 * Every object is closed (`additionalProperties: false`) so a misspelt key is
 * reported instead of silently ignored. `description`s double as the hints
 * shown with validation errors, so they are written for course authors.
 */

/** A BCP 47-style language code: fr, en, ar, fr-CA, zh-Hant-TW. */
export const LANGUAGE_PATTERN = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$';
export const EDITION_NAME_PATTERN = '^[a-z][a-z0-9-]*$';

const text = (description: string) => ({ type: 'string', description });
const textList = (description: string) => ({ type: 'array', items: { type: 'string' }, description });
// Lengths are checked (and converted) by parseLength when defaults are resolved.
const length = (description: string) => ({ type: ['string', 'number'], description });

const editionName = {
  type: 'string',
  pattern: EDITION_NAME_PATTERN,
  description: 'edition names use lower-case letters, digits and dashes, e.g. "trainer"',
};

const editionObject = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: editionName,
    label: {
      type: 'object',
      additionalProperties: false,
      patternProperties: { [LANGUAGE_PATTERN]: { type: 'string' } },
      description: 'label maps a language code to the edition name shown in the book, e.g. { fr: Formateur, en: Trainer }',
    },
    includes: {
      type: 'array',
      items: { type: 'string', pattern: EDITION_NAME_PATTERN },
      description: `includes lists the fenced-div names this edition shows, e.g. [${DIV_NAMES.filter((n) => n !== 'exercise' && n !== 'keypoint').join(', ')}] or names of your own`,
    },
    coverColor: text('coverColor is a CSS colour, e.g. "#1d4e89"'),
    watermark: text('watermark is the text printed across every page, e.g. "DRAFT"'),
  },
  description: 'an edition is a name such as "trainer", or an object with name, label, includes, coverColor and watermark',
};

const blockObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    label: {
      if: { type: 'string' },
      then: { type: 'string' },
      else: { type: 'object', additionalProperties: false, patternProperties: { [LANGUAGE_PATTERN]: { type: 'string' } } },
      description: 'label is the title the callout prints, one text or one per language, e.g. label: { en: Note, fr: Remarque }',
    },
    editions: {
      type: 'array',
      items: editionName,
      description: 'editions lists the editions that show the block, e.g. editions: [trainer]; without it every edition does',
    },
  },
  description: 'a block is another block\'s name (an alias, e.g. instructor: trainer) or a callout { label, editions }',
};

export const bookSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['title', 'languages'],
  description: 'book.yaml holds a mapping with at least "title:" and "languages:", e.g. languages: [fr, en]',
  properties: {
    title: { type: 'string', minLength: 1, description: 'the book title, e.g. title: "Gestion d\'une IMF"' },
    subtitle: text('the subtitle printed under the title'),
    authors: textList('authors is a list of names, e.g. authors: [Awa Diop, Jean Martin]'),
    publisher: text('the publisher printed on the title page'),
    subject: text('subject is a short description stored in the PDF metadata'),
    keywords: textList('keywords is a list of words, e.g. keywords: [microfinance, governance]'),
    rights: text('rights is free text for the colophon, e.g. a licence'),
    translations: {
      type: 'object',
      additionalProperties: false,
      patternProperties: {
        [LANGUAGE_PATTERN]: {
          type: 'object',
          additionalProperties: false,
          properties: {
            title: text('the title in this language'),
            subtitle: text('the subtitle in this language'),
            publisher: text('the publisher in this language'),
            subject: text('the subject in this language'),
            rights: text('the rights notice in this language'),
            keywords: textList('keywords in this language'),
          },
        },
      },
      description: 'translations gives the book texts per language, e.g. translations: { en: { title: Managing an MFI } }',
    },
    languages: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', pattern: LANGUAGE_PATTERN },
      description: 'languages lists language codes, the source language first, e.g. languages: [fr, en]',
    },
    editions: {
      type: 'array',
      minItems: 1,
      // if/then/else rather than anyOf, so only the errors of the relevant branch are reported.
      items: { if: { type: 'string' }, then: editionName, else: editionObject },
      description: 'editions lists edition names or objects, e.g. editions: [participant, trainer]',
    },
    page: {
      type: 'object',
      additionalProperties: false,
      properties: {
        size: text('size is A4, A5, B5, Letter or "<width> <height>", e.g. "170mm 240mm"'),
        gutter: length('gutter is a length such as "8mm"'),
        margins: {
          type: 'object',
          additionalProperties: false,
          properties: {
            top: length('a margin is a length such as "20mm"'),
            bottom: length('a margin is a length such as "20mm"'),
            inner: length('a margin is a length such as "20mm"'),
            outer: length('a margin is a length such as "20mm"'),
          },
          description: 'margins has top, bottom, inner and outer lengths',
        },
        bleed: length('bleed is a length such as "3mm", or 0 for none'),
        marks: { type: 'string', enum: ['none', 'crop'], description: 'marks is "none" or "crop"' },
        paperThickness: length('paperThickness is the thickness of one leaf, e.g. "0.1mm"'),
      },
      description: 'page has size, gutter, margins, bleed, marks and paperThickness',
    },
    blocks: {
      type: 'object',
      propertyNames: { pattern: EDITION_NAME_PATTERN },
      additionalProperties: { if: { type: 'string' }, then: editionName, else: blockObject },
      description:
        'blocks maps fenced-div names of other vocabularies onto coursebook\'s (instructor: trainer) and declares callouts of your own, e.g. callout: { label: { en: Note, fr: Remarque }, editions: [participant, trainer] }',
    },
    print: {
      type: 'object',
      additionalProperties: false,
      properties: {
        target: { type: 'string', enum: [...PRINT_TARGETS], description: `target is where the book is printed: ${PRINT_TARGETS.join(', ')}` },
        paper: { type: 'string', enum: [...PAPER_KINDS], description: `paper is ${PAPER_KINDS.join(', ')} (it sets the spine width)` },
        color: { type: 'string', enum: [...PRINT_COLORS], description: 'color is "as-designed" or "gray" (a black-and-white interior)' },
      },
      description: 'print has target, paper and color, e.g. print: { target: lulu, paper: white }',
    },
    concordance: {
      ...editionName,
      description: 'concordance names the edition whose pages trainer editions show beside each chapter, section and exercise, e.g. concordance: participant',
    },
    toc: {
      type: 'object',
      additionalProperties: false,
      properties: {
        depth: { type: 'integer', minimum: 1, maximum: 3, description: 'toc depth is 1, 2 or 3 heading levels' },
      },
      description: 'toc has a depth, e.g. toc: { depth: 2 }',
    },
  },
} as const;

/** The shape of a book.yaml that passed bookSchema. */
export interface RawEdition {
  name: string;
  label?: Record<string, string>;
  includes?: string[];
  coverColor?: string;
  watermark?: string;
}

export type RawLength = string | number;

/** The texts of book.yaml that a language may translate. */
export interface BookTexts {
  title?: string;
  subtitle?: string;
  publisher?: string;
  subject?: string;
  rights?: string;
  keywords?: string[];
}

export interface RawBookConfig {
  title: string;
  subtitle?: string;
  authors?: string[];
  publisher?: string;
  subject?: string;
  keywords?: string[];
  rights?: string;
  translations?: Record<string, BookTexts>;
  languages: string[];
  editions?: (string | RawEdition)[];
  page?: {
    size?: string;
    gutter?: RawLength;
    margins?: { top?: RawLength; bottom?: RawLength; inner?: RawLength; outer?: RawLength };
    bleed?: RawLength;
    marks?: 'none' | 'crop';
    paperThickness?: RawLength;
  };
  print?: { target?: PrintTargetName; paper?: PaperKind; color?: PrintColor };
  toc?: { depth?: number };
  concordance?: string;
  blocks?: Record<string, string | RawBlock>;
}

export interface RawBlock {
  label?: string | Record<string, string>;
  editions?: string[];
}
