/**
 * What the print browser refused to load or could not load, turned into
 * warnings at the place in the course that asked for it. Without them a
 * blocked stylesheet, a missing image or a font that never arrived only shows
 * as a different book.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DiagnosticInput } from '../diagnostics/diagnostic.ts';

export interface RequestProblem {
  url: string;
  /** `refused`: outside the course's files (the lockdown); `failed`: allowed, but the load failed. */
  kind: 'refused' | 'failed';
  /** Chromium's resource type: image, stylesheet, font… */
  resourceType: string;
  /** Chromium's error text for a failed load, e.g. `net::ERR_FILE_NOT_FOUND`. */
  reason?: string;
}

/** A text file of the course that may refer to a URL: chapter, template, stylesheet. */
export interface SourceFile {
  /** Path relative to the course root, with forward slashes. */
  relPath: string;
  text: string;
}

/** Folders of a course whose files can make the browser load something. */
const SOURCE_FOLDERS = ['content', 'templates', 'styles'];
const SOURCE_EXTENSIONS = new Set(['.md', '.hbs', '.html', '.css', '.svg']);

/** Reads the course's chapters, templates, styles and SVG figures (only when a problem needs locating). */
export function courseSources(root: string): SourceFile[] {
  const sources: SourceFile[] = [];
  const visit = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.isFile() && SOURCE_EXTENSIONS.has(path.extname(entry.name))) {
        sources.push({ relPath: path.relative(root, file).split(path.sep).join('/'), text: fs.readFileSync(file, 'utf8') });
      }
    }
  };
  for (const folder of SOURCE_FOLDERS) visit(path.join(root, folder));
  return sources;
}

/**
 * The first place a course file names the URL: the full URL (remote or
 * absolute), else, for a local file, its path relative to the source's
 * folder, else its file name. Sources of the document's own language are
 * searched first, so a French chapter is named for the French edition.
 */
export function locateRequest(
  url: string,
  sources: SourceFile[],
  root: string,
  lang?: string,
): { file: string; line: number; column: number } | null {
  const ordered = lang ? [...sources].sort((a, b) => rank(a, lang) - rank(b, lang)) : sources;
  for (const needles of needleSets(url, root)) {
    for (const source of ordered) {
      const dir = path.posix.dirname(source.relPath);
      for (const needle of needles(dir)) {
        const at = source.text.indexOf(needle);
        if (at < 0) continue;
        const before = source.text.slice(0, at);
        const line = before.split('\n').length;
        return { file: source.relPath, line, column: at - before.lastIndexOf('\n') };
      }
    }
  }
  return null;
}

function rank(source: SourceFile, lang: string): number {
  return source.relPath.startsWith(`content/${lang}/`) ? 0 : 1;
}

/** Ways a source may spell the URL, most specific first; each takes the source's folder. */
function needleSets(url: string, root: string): ((dir: string) => string[])[] {
  if (!url.startsWith('file:')) {
    const withoutQuery = url.replace(/[?#].*$/, '');
    return [() => [url], () => (withoutQuery === url ? [] : [withoutQuery])];
  }
  const file = fileURLToPath(url);
  const relToRoot = path.relative(root, file).split(path.sep).join('/');
  return [
    () => [file],
    (dir) => (relToRoot.startsWith('..') ? [] : [path.posix.relative(dir, relToRoot)].filter((rel) => rel !== '')),
    () => [path.basename(file)],
  ];
}

/** The warning for one problem, placed where `locateRequest` found it (or unplaced). */
export function requestDiagnostic(
  problem: RequestProblem,
  place: { file: string; line: number; column: number } | null,
  /** Folders a local path is shown relative to: the course, then the printed HTML's own folder. */
  folders: { root: string; htmlFolder: string },
  documentName: string,
): DiagnosticInput {
  const shown = problem.url.startsWith('file:') ? displayPath(fileURLToPath(problem.url), folders) : problem.url;
  const what = problem.resourceType === 'other' ? 'file' : problem.resourceType;
  const where = place ? {} : { message: ` (in ${documentName})` };
  if (problem.kind === 'refused') {
    return {
      code: 'print/refused-request',
      message: `the print browser refused to load the ${what} ${shown}${where.message ?? ''}: only the course's own files are loaded while printing`,
      ...(place ?? {}),
      hint: 'copy the file into the course folder and refer to it by a relative path',
    };
  }
  return {
    code: 'print/failed-request',
    message: `the print browser could not load the ${what} ${shown}${where.message ?? ''} (${problem.reason ?? 'unknown error'})`,
    ...(place ?? {}),
    hint: 'check that the file exists and that the path is spelled as on disk (names are case-sensitive)',
  };
}

/** A course file relative to the course; a relative URL as the HTML wrote it; anything else in full. */
function displayPath(file: string, folders: { root: string; htmlFolder: string }): string {
  for (const folder of [folders.root, folders.htmlFolder]) {
    const rel = path.relative(folder, file);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return file;
}
