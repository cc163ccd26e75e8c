/**
 * `coursebook init [DIR] [--langs fr,en]`: writes a small course that builds
 * at once (course-template.ts). A folder that already holds a course
 * (book.yaml or content/) is refused: nothing is overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bookYaml, chapterFiles, COURSE_CSS, CYCLE_SVG } from './course-template.ts';

export class InitRefusedError extends Error {}

const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Writes the course; returns the files written, relative to `dir`. */
export function initCourse(dir: string, langs: string[] = ['fr', 'en']): string[] {
  const root = path.resolve(dir);
  if (langs.length === 0) throw new InitRefusedError('--langs: give at least one language');
  const bad = langs.filter((l) => !LANG.test(l));
  if (bad.length) throw new InitRefusedError(`--langs: "${bad.join('", "')}" is not a language code (e.g. fr, en, ar)`);
  if (new Set(langs).size !== langs.length) throw new InitRefusedError('--langs: a language is given twice');
  for (const existing of ['book.yaml', 'content']) {
    if (fs.existsSync(path.join(root, existing))) {
      throw new InitRefusedError(`${path.join(root, existing)} exists: ${root} already holds a course; choose an empty or new folder`);
    }
  }
  const files: [string, string][] = [
    ['book.yaml', bookYaml(langs)],
    ['styles/course.css', COURSE_CSS],
    ['.gitignore', 'output/\n.coursebook-cache/\nproof/\n'],
  ];
  for (const lang of langs) {
    for (const [name, text] of chapterFiles(lang)) files.push([`content/${lang}/${name}`, text]);
    files.push([`content/${lang}/images/cycle.svg`, CYCLE_SVG]);
  }
  for (const [relative, text] of files) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { flag: 'wx' }); // never overwrite
  }
  return files.map(([relative]) => relative);
}

export function runInit(dir: string, opts: { langs?: string[] }): number {
  try {
    const files = initCourse(dir, opts.langs ?? ['fr', 'en']);
    process.stderr.write(
      `coursebook init: wrote ${files.length} files in ${path.resolve(dir)}\n${files.map((f) => `  ${f}`).join('\n')}\n`,
    );
    process.stderr.write(`next: coursebook build --root ${dir}   (or: coursebook dev --root ${dir})\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`coursebook init: ${(error as Error).message}\n`);
    return 1;
  }
}
