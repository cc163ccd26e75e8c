/** A loaded chapter for unit tests, as content/load-chapters.ts gives it: a title in its front matter, its body from line 4. */
import path from 'node:path';
import type { Chapter } from '../../src/content/types.ts';

export function testChapter(options: { root: string; lang: string; name: string; title: string; body: string }): Chapter {
  const relPath = `content/${options.lang}/${options.name}`;
  return {
    file: path.join(options.root, relPath),
    relPath,
    name: options.name,
    lang: options.lang,
    frontMatter: { title: options.title },
    body: options.body,
    bodyStartLine: 4,
    frontMatterLines: { title: 2 },
    fallback: false,
  };
}
