/**
 * The schema of a locale file (`templates/locales/<lang>.yaml`, overridden key
 * by key by a course's `locales/<lang>.yaml`): the one description of the
 * interface strings coursebook prints. locale.ts validates each file with it
 * (wrong values are warnings at their line and are ignored, so the next file of
 * the fallback chain supplies the string); docs/configuration.md is generated
 * from it. Keys not listed are accepted: a course's own templates may print
 * strings of their own, and `edition:`, `cover:` and `callout:` take the names
 * of the course's own editions and blocks.
 */
import { Type, type SchemaOptions, type Static, type TProperties } from '@sinclair/typebox';
import { oneOf, text } from '../config/schema-kit.ts';

/** A string; numbers and true/false are read as their text (`page: 1` is "1"). */
const string = (description: string) =>
  Type.Optional(Type.Unsafe<string | number | boolean>({ type: ['string', 'number', 'boolean'], description }));

/** Any key not listed: a string, or a group of further keys. */
const ENTRY = '#/definitions/entry';
type LocaleEntry = string | number | boolean | { [key: string]: LocaleEntry };
const entry = () => Type.Unsafe<LocaleEntry>({ $ref: ENTRY });
const entryDefinition = {
  if: { type: 'object' },
  then: { type: 'object', additionalProperties: entry() },
  else: { type: ['string', 'number', 'boolean'] },
};

const group = <P extends TProperties>(properties: P, description: string, options: SchemaOptions = {}) =>
  Type.Optional(Type.Object(properties, { ...options, additionalProperties: entry(), description }));

const xref = (what: string) => string(`a cross-reference to ${what}, with the placeholders {number} and {page}`);

export const localeSchema = Type.Object(
  {
    dir: Type.Optional(
      oneOf(
        ['ltr', 'rtl'] as const,
        'dir is the text direction, "ltr" or "rtl"; default: rtl for Arabic, Hebrew, Persian, Urdu and other right-to-left languages, else ltr',
      ),
    ),
    digits: Type.Optional(
      text(
        'digits is the Unicode numbering system of numbers, page numbers and dates, e.g. "latn" or "arab"; default: the language\'s own',
      ),
    ),
    toc: group({ title: string('the heading of the table of contents') }, 'the table of contents'),
    chapter: string('the word before a chapter number, e.g. "Chapter"'),
    figure: string('the word before a figure number in captions, e.g. "Figure"'),
    table: string('the word before a table number in captions, e.g. "Table"'),
    section: string('the word for a section, e.g. "Section"'),
    xref: group(
      {
        figure: xref('a figure'),
        table: xref('a table'),
        section: xref('a section'),
        chapter: xref('a chapter'),
        equation: xref('an equation'),
        exercise: xref('an exercise'),
        anchor: string('a cross-reference to any other anchor, with the placeholder {page}'),
      },
      'the texts of cross-references ([@fig:id], [@tbl:id], [@sec:id]…)',
    ),
    page: string('the word before a page number in links between chapters, e.g. "page"'),
    code: group(
      { output: string("the label of a code block's output"), error: string("the label of a code block's error output") },
      'labels of code blocks',
    ),
    callout: group(
      {
        exercise: string('the title of an exercise, before its number'),
        answer: string('the title of an answer block'),
        keypoint: string('the title of a key-point block'),
        trainer: string('the title of a trainer block'),
        participant: string('the title of a participant block'),
      },
      "callout titles by block name; a callout declared in book.yaml's blocks: without a label takes callout.<name>",
    ),
    edition: group(
      { participant: string("the participant edition's name"), trainer: string("the trainer edition's name") },
      'edition names by edition, where book.yaml gives no label; another edition takes edition.<name>',
    ),
    notes: group({ title: string("the heading of a chapter's footnotes") }, 'footnotes'),
    colophon: group(
      {
        title: string('the heading of the colophon'),
        built: string('the build line of the colophon, with the placeholder {date}'),
        pages: string('a page count, with the placeholder {count}'),
      },
      'the colophon page',
    ),
    session: group(
      {
        title: string("the heading of a chapter's session plan (trainer edition)"),
        duration: string("the label of the front matter's duration"),
        objectives: string("the label of the front matter's objectives"),
        materials: string("the label of the front matter's materials"),
        method: string("the label of the front matter's method"),
      },
      "the session plan printed from a chapter's front matter",
    ),
    answers: group(
      {
        title: string('the heading of the answer key'),
        exercise: string('an answer key entry, with the placeholders {number}, {title} and {page}'),
      },
      'the answer key',
    ),
    cover: group(
      { participant: string("the participant edition's cover label"), trainer: string("the trainer edition's cover label") },
      'cover labels by edition; another edition takes cover.<name>',
    ),
    fallback: group(
      { notice: string('the notice printed on a chapter not yet translated, reproduced in the source language') },
      'untranslated chapters',
    ),
    trainertools: group(
      {
        answerSee: string('the pointer from an exercise to its answer, with the placeholder {page}'),
        indexTitle: string('the heading of the index'),
        indexSee: string('an index cross-reference, with the placeholder {term}'),
        handout: string('the word before a handout number'),
        handoutsTitle: string('the title of the handouts PDF, after the book title'),
        handoutRef: string('a reference to a handout, with the placeholders {number} and {page}'),
        participantPage: string('the concordance to one participant page, with the placeholder {page}'),
        participantPages: string('the concordance to several participant pages, with the placeholder {pages}'),
        manualPage: string('the short concordance in cross-references, with the placeholder {page}'),
        sessionHandouts: string('the label of the handouts in a session plan'),
      },
      "the trainer's tools: answers, index, handouts and the participant-page concordance",
    ),
  },
  {
    additionalProperties: entry(),
    definitions: { entry: entryDefinition },
    description:
      'interface strings of one language: nested keys, each a string; placeholders in braces ({number}, {page}) are filled by coursebook',
  },
);

export type TextDirection = Static<typeof localeSchema.properties.dir>;
