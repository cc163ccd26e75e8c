import { listChapterFiles } from '../content/load-chapters.ts';
import fs from 'node:fs';
import path from 'node:path';
import type { BookConfig } from '../config/types.ts';
import { parseFrontMatter } from '../content/front-matter.ts';
import { DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { sourceHash } from './source-hash.ts';

/**
 * Where each translation stands against the source language (the first of book.yaml
 * `languages`). A translation records the hash of the source chapter it was made from
 * (`source_hash:` in its front matter, written by `coursebook mark-translated`).
 */
export type ChapterState = 'translated' | 'outdated' | 'unverified' | 'missing';
export const CHAPTER_STATES: readonly ChapterState[] = ['translated', 'outdated', 'unverified', 'missing'];

export interface ChapterStatus {
  /** File name shared across languages, e.g. "02-governance.md". */
  name: string;
  /**
   * translated: the file exists and its source_hash is the current hash of the source;
   * outdated: it exists with another source_hash (the source changed since);
   * unverified: it exists without a source_hash (or its front matter cannot be read);
   * missing: there is no such file in the language's folder.
   */
  state: ChapterState;
  /** The translation, relative to the course root: "content/en/02-governance.md". */
  file: string;
  /** The source chapter, relative to the course root. */
  sourceFile: string;
  /** Hash of the source chapter as it is now. */
  sourceHash: string;
  /** The translation's source_hash, for `translated` and `outdated`. */
  recordedHash?: string;
}

/** A translation file with no source chapter of the same name. */
export interface ExtraChapter {
  name: string;
  file: string;
}

export interface StatusCounts {
  /** Source chapters, i.e. translated + outdated + unverified + missing. */
  total: number;
  translated: number;
  outdated: number;
  unverified: number;
  missing: number;
  extra: number;
}

export interface LanguageStatus {
  lang: string;
  counts: StatusCounts;
  /** One entry per source chapter, in file-name order. */
  chapters: ChapterStatus[];
  extra: ExtraChapter[];
}

export interface SourceChapter {
  name: string;
  file: string;
  hash: string;
}

export interface StatusReport {
  /** Absolute path of the course folder. */
  root: string;
  sourceLanguage: string;
  sourceChapters: SourceChapter[];
  /** The non-source languages asked for, in book.yaml order. */
  languages: LanguageStatus[];
}

/**
 * The translation status of every non-source language of the book (or of `langs`).
 * Errors go into the bag: an unknown or source language in `langs`, a missing source
 * folder, an unreadable source chapter. A translation whose front matter cannot be read
 * is a warning and counts as unverified.
 */
export function translationStatus(config: BookConfig, bag: DiagnosticBag, langs?: string[]): StatusReport {
  const sourceLanguage = config.languages[0] ?? '';
  const report: StatusReport = { root: config.root, sourceLanguage, sourceChapters: [], languages: [] };

  const wanted = new Set<string>();
  for (const lang of langs ?? config.languages.slice(1)) {
    if (lang === sourceLanguage) {
      bag.error({
        code: 'status/source-language',
        message: `"${lang}" is the source language: its chapters are not translations`,
        hint: `ask for one of the translations: ${config.languages.slice(1).join(', ') || '(none in book.yaml)'}`,
      });
    } else if (!config.languages.includes(lang)) {
      bag.error({
        code: 'status/unknown-language',
        message: `book.yaml does not list the language "${lang}"`,
        file: 'book.yaml',
        hint: `book.yaml lists: ${config.languages.join(', ')}`,
      });
    } else {
      wanted.add(lang);
    }
  }

  const sourceNames = listChapterFiles(config.root, sourceLanguage);
  if (sourceNames === null) {
    bag.error({
      code: 'content/missing-folder',
      message: `no folder content/${sourceLanguage} for the source language "${sourceLanguage}"`,
      file: `content/${sourceLanguage}`,
      hint: `create content/${sourceLanguage}/ and put the chapters in it`,
    });
  }
  // Names whose source cannot be read: neither listed nor reported as extra.
  const unreadable = new Set<string>();
  for (const name of sourceNames ?? []) {
    const file = `content/${sourceLanguage}/${name}`;
    const text = readUtf8(path.join(config.root, file), file, bag);
    if (text === null) unreadable.add(name);
    else report.sourceChapters.push({ name, file, hash: sourceHash(text) });
  }

  if (langs === undefined) warnUnlistedLanguages(config, bag);

  for (const lang of config.languages.slice(1)) {
    if (!wanted.has(lang)) continue;
    const own = listChapterFiles(config.root, lang) ?? [];
    const chapters = report.sourceChapters.map((source) => chapterStatus(config.root, lang, source, own.includes(source.name), bag));
    const known = new Set([...report.sourceChapters.map((s) => s.name), ...unreadable]);
    const extra = own.filter((name) => !known.has(name)).map((name) => ({ name, file: `content/${lang}/${name}` }));
    const counts: StatusCounts = {
      total: chapters.length,
      translated: 0,
      outdated: 0,
      unverified: 0,
      missing: 0,
      extra: extra.length,
    };
    for (const chapter of chapters) counts[chapter.state]++;
    report.languages.push({ lang, counts, chapters, extra });
  }
  return report;
}

/** A content/<lang> folder with chapters that book.yaml does not list is left out of the report: say so. */
function warnUnlistedLanguages(config: BookConfig, bag: DiagnosticBag): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(config.root, 'content'), { withFileTypes: true });
  } catch {
    return;
  }
  const folders = entries.filter((e) => e.isDirectory() && !config.languages.includes(e.name)).map((e) => e.name);
  for (const lang of folders.sort()) {
    const chapters = listChapterFiles(config.root, lang) ?? [];
    if (chapters.length === 0) continue;
    bag.warn({
      code: 'status/unlisted-language',
      message: `content/${lang} holds ${plural(chapters.length, 'chapter')} but book.yaml does not list the language "${lang}": it is not in the report`,
      file: 'book.yaml',
      hint: `add "${lang}" to "languages" in book.yaml to build and track it`,
    });
  }
}

function chapterStatus(root: string, lang: string, source: SourceChapter, exists: boolean, bag: DiagnosticBag): ChapterStatus {
  const file = `content/${lang}/${source.name}`;
  const status: ChapterStatus = {
    name: source.name,
    state: 'missing',
    file,
    sourceFile: source.file,
    sourceHash: source.hash,
  };
  if (!exists) return status;

  const recorded = readRecordedHash(path.join(root, file), file, bag);
  if (recorded === undefined) return { ...status, state: 'unverified' };
  return { ...status, state: sameHash(recorded, source.hash) ? 'translated' : 'outdated', recordedHash: recorded };
}

export function sameHash(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The `source_hash` of a translation, or undefined when it has none. A file whose front
 * matter cannot be read gets a warning (its errors are the build's business).
 */
function readRecordedHash(absFile: string, relPath: string, bag: DiagnosticBag): string | undefined {
  const local = new DiagnosticBag();
  const text = readUtf8(absFile, relPath, local);
  const parsed = text === null ? null : parseFrontMatter(text, relPath, local);
  if (!parsed) {
    const first = local.errors[0];
    bag.warn({
      code: 'status/unreadable-translation',
      message: `cannot read the front matter of ${relPath}${first ? `: ${first.message}` : ''}; counted as unverified`,
      file: relPath,
      ...(first?.line !== undefined ? { line: first.line } : {}),
      hint: first?.hint ?? 'run coursebook build to see the problem',
    });
    return undefined;
  }
  const value = parsed.data.source_hash;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

// ---------------------------------------------------------------------------
// Reading the content folders: chapter files are listed by src/content/load-chapters.ts.

/** The text of a UTF-8 file (without its BOM unless `keepBom`), or null with an error in the bag. */
export function readUtf8(absFile: string, relPath: string, bag: DiagnosticBag, keepBom = false): string | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(absFile);
  } catch (error) {
    bag.error({ code: 'content/unreadable', message: `cannot read ${relPath}: ${(error as Error).message}`, file: relPath });
    return null;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: keepBom }).decode(bytes);
  } catch {
    bag.error({
      code: 'content/encoding',
      message: `${relPath} is not valid UTF-8`,
      file: relPath,
      hint: 'save the file with the UTF-8 encoding',
    });
    return null;
  }
}

// ---------------------------------------------------------------------------
// Output.

/**
 * A readable table per language:
 *
 *     Translation status (source language fr, 8 chapters)
 *
 *     en: 7 translated, 1 outdated
 *       translated  01-introduction.md
 *       outdated    02-governance.md   source changed: recorded a1b2c3d4e5f6, now 0f1e2d3c4b5a
 */
export function formatStatus(report: StatusReport): string {
  const out: string[] = [
    `Translation status (source language ${report.sourceLanguage}, ${plural(report.sourceChapters.length, 'chapter')})`,
  ];
  for (const language of report.languages) {
    out.push('', `${language.lang}: ${summary(language.counts)}`);
    const rows: [string, string, string][] = [
      ...language.chapters.map((c): [string, string, string] => [c.state, c.name, details(c, report.sourceLanguage)]),
      ...language.extra.map((e): [string, string, string] => ['extra', e.name, `no ${report.sourceLanguage} source`]),
    ];
    const stateWidth = Math.max(...rows.map((r) => r[0].length), 0);
    const nameWidth = Math.max(...rows.map((r) => r[1].length), 0);
    for (const [state, name, detail] of rows) {
      out.push(`  ${state.padEnd(stateWidth)}  ${detail ? `${name.padEnd(nameWidth)}  ${detail}` : name}`);
    }
  }
  const needsWork = report.languages.some((l) => l.counts.outdated + l.counts.unverified > 0);
  if (needsWork) {
    out.push('', 'After checking a translation against its source, record it with: coursebook mark-translated content/<lang>/<file>');
  }
  return `${out.join('\n')}\n`;
}

/** "8 translated", "2 translated, 6 missing", "no chapters". */
export function summary(counts: StatusCounts): string {
  const parts = [...CHAPTER_STATES, 'extra' as const].filter((state) => counts[state] > 0).map((state) => `${counts[state]} ${state}`);
  return parts.length > 0 ? parts.join(', ') : 'no chapters';
}

function details(chapter: ChapterStatus, sourceLanguage: string): string {
  switch (chapter.state) {
    case 'outdated':
      return `${sourceLanguage} source changed: translated from ${chapter.recordedHash}, source is now ${chapter.sourceHash}`;
    case 'unverified':
      return 'no source_hash';
    default:
      return '';
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What `coursebook status --json` prints. */
export interface StatusJson {
  sourceLanguage: string;
  sourceChapters: SourceChapter[];
  languages: LanguageStatus[];
  diagnostics: Diagnostic[];
}

export function statusToJson(report: StatusReport | null, diagnostics: Diagnostic[] = []): StatusJson {
  return {
    sourceLanguage: report?.sourceLanguage ?? '',
    sourceChapters: report?.sourceChapters ?? [],
    languages: report?.languages ?? [],
    diagnostics,
  };
}
