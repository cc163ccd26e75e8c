import fs from 'node:fs';
import path from 'node:path';
import type { BookConfig } from '../config/types.ts';
import { DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { parseFrontMatter, toChapterFrontMatter } from './front-matter.ts';
import type { Chapter } from './types.ts';

/**
 * Reads the chapters of one language, in file-name order. A chapter missing from a
 * translation is taken from the source language (`fallback: true`) with a warning.
 * Chapters with errors are reported in the bag and left out.
 */
export function loadChapters(config: BookConfig, lang: string, bag: DiagnosticBag): Chapter[] {
  const sourceLang = config.languages[0] ?? lang;
  const own = listChapterFiles(config.root, lang);

  if (lang === sourceLang) {
    if (own === null) {
      bag.error({
        code: 'content/missing-folder',
        message: `no folder content/${lang} for the source language "${lang}"`,
        file: `content/${lang}`,
        hint: `create content/${lang}/ and put the chapters in it, e.g. content/${lang}/01-introduction.md`,
      });
      return [];
    }
    if (own.length === 0) {
      bag.error({
        code: 'content/no-chapters',
        message: `content/${lang} holds no .md chapter`,
        file: `content/${lang}`,
        hint: `add chapters such as content/${lang}/01-introduction.md`,
      });
    }
    return own.flatMap((name) => loadChapter(config, lang, name, false, bag) ?? []);
  }

  // A missing translation folder is the same as every chapter being untranslated.
  const translated = new Set(own ?? []);
  const source = new Set(listChapterFiles(config.root, sourceLang) ?? []);
  const names = sortByCodePoint([...new Set([...source, ...translated])]);
  const chapters: Chapter[] = [];
  for (const name of names) {
    if (!translated.has(name)) {
      bag.warn({
        code: 'content/missing-translation',
        message: `missing translation content/${lang}/${name}: using content/${sourceLang}/${name} instead`,
        file: `content/${lang}/${name}`,
        hint: `translate content/${sourceLang}/${name} into content/${lang}/${name}`,
      });
    } else if (!source.has(name)) {
      bag.warn({
        code: 'content/extra-translation',
        message: `content/${lang}/${name} has no ${sourceLang} counterpart content/${sourceLang}/${name}`,
        file: `content/${lang}/${name}`,
        hint: 'a translation carries the same file name as its source chapter: rename or remove it',
      });
    }
    const fromLang = translated.has(name) ? lang : sourceLang;
    const chapter = loadChapter(config, fromLang, name, fromLang !== lang, bag);
    if (chapter) chapters.push(chapter);
  }
  return chapters;
}

/** File names of `content/<lang>/*.md`, in code-point order; null if the folder does not exist. */
export function listChapterFiles(root: string, lang: string): string[] | null {
  const dir = path.join(root, 'content', lang);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  const names = entries
    // Dot files are editor backups and lock files (".#01-intro.md"), not chapters.
    .filter((e) => e.name.endsWith('.md') && !e.name.startsWith('.'))
    .filter((e) => e.isFile() || (e.isSymbolicLink() && isFile(path.join(dir, e.name))))
    .map((e) => e.name);
  return sortByCodePoint(names);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Plain code-point order, independent of locale (UTF-8 byte order is code-point order). */
function sortByCodePoint(names: string[]): string[] {
  return names.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

function loadChapter(
  config: BookConfig,
  lang: string,
  name: string,
  fallback: boolean,
  bag: DiagnosticBag,
): Chapter | null {
  const where: ChapterFile = {
    file: path.join(config.root, 'content', lang, name),
    relPath: `content/${lang}/${name}`,
    name,
    lang,
    fallback,
  };
  // Diagnostics go through a local bag: a fallback chapter is also read for the source
  // language, and its problems should be reported once.
  const local = new DiagnosticBag();
  const text = readUtf8(where.file, where.relPath, local);
  const chapter = text === null ? null : readChapter(config, where, text, local);
  for (const d of local.items) {
    // Notes are about the course (a key it uses for another tool): once, wherever they come from.
    const seen = (other: Diagnostic) => sameDiagnostic(other, d) || (d.severity === 'info' && other.code === d.code && other.message === d.message);
    if (!bag.items.some(seen)) bag.add(d);
  }
  return chapter;
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a.severity === b.severity &&
    a.code === b.code &&
    a.message === b.message &&
    a.file === b.file &&
    a.line === b.line &&
    a.column === b.column
  );
}

type ChapterFile = Pick<Chapter, 'file' | 'relPath' | 'name' | 'lang' | 'fallback'>;

function readChapter(config: BookConfig, where: ChapterFile, text: string, bag: DiagnosticBag): Chapter | null {
  const { relPath } = where;
  const parsed = parseFrontMatter(text, relPath, bag);
  if (!parsed) return null;
  const frontMatter = toChapterFrontMatter(parsed.data);
  let ok = true;

  const declared = config.editions.map((e) => e.name);
  for (const edition of frontMatter.editions ?? []) {
    if (declared.includes(edition)) continue;
    ok = false;
    bag.error({
      code: 'content/unknown-edition',
      message: `unknown edition "${edition}"`,
      file: relPath,
      line: parsed.keyLines.editions ?? 1,
      hint: `book.yaml declares the editions: ${declared.join(', ')}`,
    });
  }

  if (parsed.body.trim() === '') {
    ok = false;
    bag.error({
      code: 'content/empty-chapter',
      message: 'the chapter has no content after its front matter',
      file: relPath,
      line: parsed.bodyStartLine,
      hint: 'write the chapter text after the closing ---, or remove the file',
    });
  }
  if (!ok) return null;

  const frontMatterLines = { ...parsed.keyLines };
  // Stages address fields by their ChapterFrontMatter name.
  if (parsed.keyLines.source_hash !== undefined) frontMatterLines.sourceHash = parsed.keyLines.source_hash;
  return {
    ...where,
    frontMatter,
    body: parsed.body,
    bodyStartLine: parsed.bodyStartLine,
    frontMatterLines,
  };
}

/** The file's text, or null (with a `content/encoding` error naming the first bad line) if it is not UTF-8. */
function readUtf8(file: string, relPath: string, bag: DiagnosticBag): string | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    bag.error({ code: 'content/unreadable', message: `cannot read ${relPath}: ${(error as Error).message}`, file: relPath });
    return null;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    // The default decoder (ignoreBOM: false) drops a leading BOM.
    return decoder.decode(bytes);
  } catch {
    // A UTF-8 sequence never contains a newline byte, so lines can be checked one by one.
    let line = 1;
    for (let start = 0; start <= bytes.length; line++) {
      let end = bytes.indexOf(0x0a, start);
      if (end === -1) end = bytes.length;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, end));
      } catch {
        break;
      }
      start = end + 1;
    }
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    bag.error({
      code: 'content/encoding',
      message: `${relPath} is not valid UTF-8${utf16 ? ' (it looks like UTF-16)' : ''}`,
      file: relPath,
      line,
      hint: 'save the file with the UTF-8 encoding',
    });
    return null;
  }
}
