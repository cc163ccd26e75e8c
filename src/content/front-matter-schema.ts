/**
 * The schema of a chapter's front matter: the one description of its keys.
 * front-matter.ts validates with it and turns ajv's errors into messages at the
 * key's line; ChapterFrontMatter derives from it; docs/configuration.md is
 * generated from it. Unlike book.yaml it is open: lessons written for other
 * tools carry keys of their own, which coursebook notes and ignores.
 */
import { Type, type Static } from '@sinclair/typebox';
import { text, textList } from '../config/schema-kit.ts';

export const frontMatterSchema = Type.Object(
  {
    // `\S`: a title of blanks would print an empty heading and contents line.
    title: text('the chapter title, printed at the chapter opening, in the contents and in the running heads', { pattern: '\\S' }),
    editions: Type.Optional(
      textList('editions limits the chapter to these editions (names declared in book.yaml), e.g. editions: [trainer]; default: every edition'),
    ),
    duration: Type.Optional(text('duration is the session length shown in the trainer edition\'s session plan, e.g. "3 h"')),
    objectives: Type.Optional(textList('objectives lists the learning objectives shown in the session plan')),
    materials: Type.Optional(textList('materials lists what the session needs, e.g. materials: [Flip chart, Case study A]')),
    method: Type.Optional(text('method is the teaching method shown in the session plan, e.g. "Interactive talk and group work"')),
    source_hash: Type.Optional(
      text('source_hash records which version of the source-language chapter a translation was made from; written by `coursebook mark-translated`, not by hand'),
    ),
  },
  { description: 'the YAML block between two "---" lines that opens each chapter, with at least a title' },
);

/** Front matter as written (YAML keys), once it passed frontMatterSchema. */
export type FrontMatterData = Static<typeof frontMatterSchema>;

/** The keys coursebook reads, in the schema's order. */
export const FRONT_MATTER_KEYS = Object.keys(frontMatterSchema.properties) as (keyof FrontMatterData)[];
