/**
 * The schema of book.yaml as written by authors, before defaults: the one
 * description of its keys. ajv validates with it (load-config.ts), the raw types
 * below derive from it, schema-errors.ts takes its hints from the descriptions,
 * and docs/configuration.md is generated from it (npm run docs:config).
 * Every object is closed (`additionalProperties: false`) so a misspelt key is
 * reported instead of silently ignored.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ALWAYS_SHOWN_DIVS, DIV_NAMES } from './div-names.ts';
import { PAPER_KINDS, PRINT_COLORS, PRINT_TARGETS } from './print-targets.ts';
import { length, mapOf, oneOf, text, textList, textOr } from './schema-kit.ts';

/** A BCP 47-style language code: fr, en, ar, fr-CA, zh-Hant-TW. */
export const LANGUAGE_PATTERN = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$';
export const EDITION_NAME_PATTERN = '^[a-z][a-z0-9-]*$';

/** Defaults written into the schema (and so into the reference) and applied by resolve-config.ts. */
export const DEFAULT_EDITIONS = ['participant', 'trainer'];
/** What the two standard editions show when book.yaml does not say; any other edition shows its own name. */
export const DEFAULT_INCLUDES: Readonly<Record<string, readonly string[]>> = {
  participant: ['participant'],
  trainer: ['trainer', 'answer'],
};
export const PAGE_DEFAULTS = {
  size: 'A4',
  gutter: '8mm',
  margins: { top: '22mm', bottom: '24mm', inner: '20mm', outer: '18mm' },
} as const;
export const TOC_DEPTH_DEFAULT = 2;
export const PRINT_DEFAULTS = { target: 'office', paper: 'white', color: 'as-designed' } as const;

const editionName = (description = 'edition names use lower-case letters, digits and dashes, e.g. "trainer"') =>
  Type.String({ pattern: EDITION_NAME_PATTERN, description });

const labelPerLanguage = (description: string) =>
  mapOf(LANGUAGE_PATTERN, text('the edition name shown in the books of this language'), { description });

const editionObject = Type.Object(
  {
    name: editionName(),
    label: Type.Optional(
      labelPerLanguage(
        'label maps a language code to the edition name shown in the book, e.g. { fr: Formateur, en: Trainer }; default: the locale string edition.<name>',
      ),
    ),
    includes: Type.Optional(
      Type.Array(Type.String({ pattern: EDITION_NAME_PATTERN }), {
        description: `includes lists the fenced-div names this edition shows, e.g. [${DIV_NAMES.filter((n) => !ALWAYS_SHOWN_DIVS.includes(n)).join(', ')}] or names of your own; default: ${Object.entries(
          DEFAULT_INCLUDES,
        )
          .map(([name, shows]) => `${name} shows [${shows.join(', ')}]`)
          .join(', ')}, another edition its own name (${ALWAYS_SHOWN_DIVS.join(' and ')} are shown in every edition)`,
      }),
    ),
    coverColor: Type.Optional(text('coverColor is a CSS colour, e.g. "#1d4e89"')),
    watermark: Type.Optional(text('watermark is the text printed across every page, e.g. "DRAFT"')),
  },
  {
    additionalProperties: false,
    description: 'an edition is a name such as "trainer", or an object with name, label, includes, coverColor and watermark',
  },
);

const blockObject = Type.Object(
  {
    label: Type.Optional(
      textOr(Type.String(), mapOf(LANGUAGE_PATTERN, text('the callout title in this language')), {
        description: 'label is the title the callout prints, one text or one per language, e.g. label: { en: Note, fr: Remarque }',
      }),
    ),
    editions: Type.Optional(
      Type.Array(editionName(), {
        description: 'editions lists the editions that show the block, e.g. editions: [trainer]; without it every edition does',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: "a block is another block's name (an alias, e.g. instructor: trainer) or a callout { label, editions }",
  },
);

const bookTexts = Type.Object(
  {
    title: Type.Optional(text('the title in this language')),
    subtitle: Type.Optional(text('the subtitle in this language')),
    publisher: Type.Optional(text('the publisher in this language')),
    subject: Type.Optional(text('the subject in this language')),
    rights: Type.Optional(text('the rights notice in this language')),
    keywords: Type.Optional(textList('keywords in this language')),
  },
  { additionalProperties: false, description: 'the book texts in one language; a text not given is taken from the top level of book.yaml' },
);

const margin = (side: keyof typeof PAGE_DEFAULTS.margins) =>
  Type.Optional(length('a margin is a length such as "20mm"', { default: PAGE_DEFAULTS.margins[side] }));

const page = Type.Object(
  {
    size: Type.Optional(text('size is A4, A5, B5, Letter or "<width> <height>", e.g. "170mm 240mm"', { default: PAGE_DEFAULTS.size })),
    gutter: Type.Optional(
      length('gutter is a length such as "8mm", added to the inner margin for the binding', { default: PAGE_DEFAULTS.gutter }),
    ),
    margins: Type.Optional(
      Type.Object(
        { top: margin('top'), bottom: margin('bottom'), inner: margin('inner'), outer: margin('outer') },
        { additionalProperties: false, description: 'margins has top, bottom, inner and outer lengths' },
      ),
    ),
    bleed: Type.Optional(length('bleed is a length such as "3mm", or 0 for none; default: the print target\'s (0 for office)')),
    marks: Type.Optional(
      oneOf(
        ['none', 'crop'] as const,
        'marks is "none" or "crop" (printer\'s marks outside the bleed); default: the print target\'s (none for office)',
      ),
    ),
    paperThickness: Type.Optional(
      length(
        'paperThickness is the thickness of one leaf, e.g. "0.1mm", for the spine width; default: the print target\'s for print.paper',
      ),
    ),
  },
  { additionalProperties: false, description: 'page has size, gutter, margins, bleed, marks and paperThickness' },
);

const print = Type.Object(
  {
    target: Type.Optional(
      oneOf(PRINT_TARGETS, `target is where the book is printed: ${PRINT_TARGETS.join(', ')} (see docs/printing.md)`, {
        default: PRINT_DEFAULTS.target,
      }),
    ),
    paper: Type.Optional(
      oneOf(PAPER_KINDS, `paper is ${PAPER_KINDS.join(', ')} (it sets the spine width)`, { default: PRINT_DEFAULTS.paper }),
    ),
    color: Type.Optional(
      oneOf(PRINT_COLORS, 'color is "as-designed" or "gray" (a black-and-white interior)', { default: PRINT_DEFAULTS.color }),
    ),
  },
  { additionalProperties: false, description: 'print has target, paper and color, e.g. print: { target: lulu, paper: white }' },
);

export const bookSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, description: 'the book title, e.g. title: "Gestion d\'une IMF"' }),
    subtitle: Type.Optional(text('the subtitle printed under the title')),
    authors: Type.Optional(textList('authors is a list of names, e.g. authors: [Awa Diop, Jean Martin]')),
    publisher: Type.Optional(text('the publisher printed on the title page')),
    subject: Type.Optional(text('subject is a short description stored in the PDF metadata; default: the subtitle')),
    keywords: Type.Optional(textList('keywords is a list of words, e.g. keywords: [microfinance, governance]')),
    rights: Type.Optional(text('rights is free text for the colophon, e.g. a licence')),
    translations: Type.Optional(
      mapOf(LANGUAGE_PATTERN, bookTexts, {
        description: 'translations gives the book texts per language, e.g. translations: { en: { title: Managing an MFI } }',
      }),
    ),
    languages: Type.Array(Type.String({ pattern: LANGUAGE_PATTERN }), {
      minItems: 1,
      description: 'languages lists language codes, the source language first, e.g. languages: [fr, en]',
    }),
    editions: Type.Optional(
      Type.Array(textOr(editionName(), editionObject), {
        minItems: 1,
        default: DEFAULT_EDITIONS,
        description: 'editions lists edition names or objects, e.g. editions: [participant, trainer]',
      }),
    ),
    page: Type.Optional(page),
    blocks: Type.Optional(
      // propertyNames + additionalProperties (not TypeBox's Record) so that a bad
      // block name and a bad block value are reported as two distinct errors.
      Type.Unsafe<Record<string, string | Static<typeof blockObject>>>({
        type: 'object',
        propertyNames: { pattern: EDITION_NAME_PATTERN },
        additionalProperties: textOr(editionName(), blockObject),
        description:
          "blocks maps fenced-div names of other vocabularies onto coursebook's (instructor: trainer) and declares callouts of your own, e.g. callout: { label: { en: Note, fr: Remarque }, editions: [participant, trainer] }",
      }),
    ),
    print: Type.Optional(print),
    concordance: Type.Optional(
      editionName(
        'concordance names the edition whose pages trainer editions show beside each chapter, section and exercise, e.g. concordance: participant',
      ),
    ),
    toc: Type.Optional(
      Type.Object(
        {
          depth: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 3, default: TOC_DEPTH_DEFAULT, description: 'toc depth is 1, 2 or 3 heading levels' }),
          ),
        },
        { additionalProperties: false, description: 'toc has a depth, e.g. toc: { depth: 2 }' },
      ),
    ),
  },
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    additionalProperties: false,
    description: 'book.yaml holds a mapping with at least "title:" and "languages:", e.g. languages: [fr, en]',
  },
);

/** book.yaml as written, once it passed bookSchema. */
export type RawBookConfig = Static<typeof bookSchema>;
export type RawEdition = Static<typeof editionObject>;
export type RawBlock = Static<typeof blockObject>;
export type RawLength = string | number;
/** The texts of book.yaml that a language may translate. */
export type BookTexts = Static<typeof bookTexts>;
