/**
 * What an edition must not contain: the text of every fenced div hidden from
 * it and of every chapter not in it, as plain text for the leak guard
 * (probes.ts); and what it shows, read from the same sources, so
 * that the guard searches only for words that nothing visible prints.
 * "Shown" is taken from the Markdown, never from the rendered HTML: a
 * template that prints a hidden block must not make that block count as visible.
 */
import { bookTextsFor, type BookConfig, type EditionConfig } from '../../config/types.ts';
import type { Chapter } from '../../content/types.ts';
import { DiagnosticBag } from '../../diagnostics/diagnostic.ts';
import { flattenDivs, removeHiddenDivs, scanFencedDivs } from '../../markdown/fenced-divs.ts';
import { divVisibility } from '../../markdown/parse-chapter.ts';
import type { HiddenPassage } from './probes.ts';
import { memoizeByText, TEXT_MEMO_CHARS } from '../../text-memo.ts';

export interface EditionText {
  hidden: HiddenPassage[];
  /** Plain text of everything the edition shows from the course: its chapters without their hidden blocks, the book's texts. */
  shown: string;
}

export function editionText(config: BookConfig, edition: EditionConfig, chapters: Chapter[], lang: string): EditionText {
  const isVisible = divVisibility(config, edition);
  const passages: HiddenPassage[] = [];
  const texts = bookTextsFor(config, lang);
  const shown: string[] = [texts.title, texts.subtitle, texts.publisher, texts.subject, texts.rights, texts.authors.join(' ')];
  for (const chapter of chapters) {
    if (chapter.frontMatter.editions && !chapter.frontMatter.editions.includes(edition.name)) {
      passages.push({
        file: chapter.relPath,
        line: chapter.bodyStartLine,
        what: `chapter "${chapter.frontMatter.title}"`,
        text: markdownToText(chapter.body),
      });
      continue;
    }
    const lines = chapter.body.split('\n');
    // Diagnostics about the divs themselves were reported when the chapter was parsed.
    const divs = scanFencedDivs(chapter.body, chapter.bodyStartLine, chapter.relPath, new DiagnosticBag());
    // The session plan prints the front matter's fields in the editions that have one.
    const { title, objectives = [], materials = [], method = '', duration = '' } = chapter.frontMatter;
    shown.push(title, ...objectives, ...materials, method, duration, markdownToText(removeHiddenDivs(chapter.body, divs, isVisible)));
    for (const div of flattenDivs(divs)) {
      if (isVisible(div.name) || div.closeIndex < 0) continue;
      // Only the outermost hidden block: its text includes the nested ones.
      passages.push({
        file: chapter.relPath,
        line: div.openLine,
        what: `"::: ${div.name}" block`,
        text: markdownToText(lines.slice(div.openIndex + 1, div.closeIndex).join('\n')),
      });
    }
  }
  return { hidden: passages, shown: shown.join('\n') };
}

/**
 * Markdown reduced to the words a reader sees (markup, ids and link targets
 * dropped). Every build reduces every chapter of every edition again: the
 * texts are remembered (text-memo.ts).
 */
export const markdownToText = memoizeByText(reduceMarkdown, TEXT_MEMO_CHARS);

function reduceMarkdown(markdown: string): string {
  return (
    markdown
      .split('\n')
      // A fenced div's opening line prints its title, if any; a table's caption line, its caption.
      .map((line) => line.replace(/^\s*:{3,}\s*(\{[^}]*\}|[\w-]+)?/, '').replace(/^Table:/, ''))
      .filter((line) => !/^\s*\|?\s*:?-{3,}/.test(line))
      .join('\n')
      .replace(/!\[([^\]]*)\]\([^)]*\)(\{#[^}]*\})?/g, '$1')
      .replace(/\[\^[^\]]+\]:?/g, ' ')
      .replace(/\[@[^\]]+\]/g, ' ')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      // An index mark's term= and see= are printed in the index: they are words of the block that holds the mark.
      .replace(
        /\{[^}]*\.index\b[^}]*\}/g,
        (attrs) => ` ${[...attrs.matchAll(/\b(?:term|see)="([^"]*)"/g)].map((m) => (m[1] ?? '').replace(/!/g, ' ')).join(' ')} `,
      )
      .replace(/\{(?:[#.]|[\w-]+=)[^}]*\}/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      // TeX commands (\frac, \left) are typeset, never printed as words.
      .replace(/\\[A-Za-z]+/g, ' ')
      .replace(/[#*_`|>]/g, ' ')
  );
}
