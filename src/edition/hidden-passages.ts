/**
 * What an edition must not contain: the text of every fenced div hidden from
 * it and of every chapter not in it, as plain text for the leak guard
 * (report/leak-guard.ts).
 */
import type { BookConfig, EditionConfig } from '../config/types.ts';
import type { Chapter } from '../content/types.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { flattenDivs, scanFencedDivs } from '../markdown/fenced-divs.ts';
import { divVisibility } from '../markdown/parse-chapter.ts';
import type { HiddenPassage } from '../report/leak-guard.ts';

export function hiddenPassages(config: BookConfig, edition: EditionConfig, chapters: Chapter[]): HiddenPassage[] {
  const isVisible = divVisibility(config, edition);
  const passages: HiddenPassage[] = [];
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
  return passages;
}

/** Markdown reduced to the words a reader sees (markup, ids and link targets dropped). */
export function markdownToText(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^\s*(:{3,}|Table:|\|?\s*:?-{3,})/.test(line))
    .join('\n')
    .replace(/!\[([^\]]*)\]\([^)]*\)(\{#[^}]*\})?/g, '$1')
    .replace(/\[\^[^\]]+\]:?/g, ' ')
    .replace(/\[@[^\]]+\]/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\{#[^}]*\}/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[#*_`|>]/g, ' ');
}
