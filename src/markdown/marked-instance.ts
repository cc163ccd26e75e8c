import { Marked } from 'marked';
import markedFootnote from 'marked-footnote';
import { fencedDivExtension, xrefExtension } from './extensions.ts';
import { spanExtension } from './spans.ts';
import { mathExtension } from './math.ts';
import { definitionListExtension } from './definition-lists.ts';

/**
 * A marked instance per chapter: footnote ids get the chapter's prefix so they
 * stay unique across the book, and the footnote extension's per-document state
 * never leaks between chapters.
 */
export function createChapterMarked(chapterNumber: number, notesTitle = 'Notes'): Marked {
  const marked = new Marked({ gfm: true });
  marked.use(
    markedFootnote({
      prefixId: `fn-c${chapterNumber}-`,
      description: notesTitle,
      sectionClass: 'footnotes',
      headingClass: 'footnotes-title',
      backRefLabel: '↑ {0}',
    }),
  );
  marked.use({ extensions: [fencedDivExtension, definitionListExtension, xrefExtension, spanExtension, mathExtension] });
  return marked;
}
