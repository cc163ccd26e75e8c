/**
 * A translated DOCX back to a chapter: `content/<lang>/<name>.md` and its images in
 * `content/<lang>/images/`. The DOCX layout is the one export-docx.ts writes (see
 * docx-layout.ts); the import is lenient where Word editing may have blurred it: a
 * fence line is recognized by its text (`::: name Title`, `:::`) as well as by its
 * style, and ids and cross-references by their text as well as by their character
 * style.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadBookConfig } from '../config/load-config.ts';
import { parseFrontMatter } from '../content/front-matter.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { writeFileAtomic } from '../report/atomic-write.ts';
import { assertInside } from './import/course-paths.ts';
import { frontMatterYaml } from './import/front-matter.ts';
import { ImagePlacer } from './import/images.ts';
import { markdownBody } from './import/markdown.ts';
import { IMPORT_CODE, type ImportReport } from './import/report.ts';
import { toCoursebook } from './import/to-coursebook.ts';
import type { PandocDocument } from './pandoc/ast.ts';
import { PandocError } from './pandoc/request.ts';
import { pandocToAst } from './pandoc/run.ts';

export interface ImportDocxOptions {
  /** Course folder holding book.yaml. */
  root: string;
  /** The DOCX to read (relative to the current folder, or absolute). */
  file: string;
  lang: string;
  /** Chapter file name, ".md" optional; default: the DOCX's base name. */
  name?: string;
  /** Receives warnings (unbalanced fences, pandoc's warnings…). */
  bag?: DiagnosticBag;
}

export interface ImportDocxResult {
  /** Absolute path of the chapter written. */
  markdownFile: string;
  /** Absolute paths of the images the chapter refers to (written or already there, identical). */
  images: string[];
}

export async function importDocx(options: ImportDocxOptions): Promise<ImportDocxResult> {
  const root = path.resolve(options.root);
  const docxFile = path.resolve(options.file);
  const target = chapterTarget(root, options.lang, options.name ?? path.basename(docxFile).replace(/\.docx$/i, ''));
  const report: ImportReport = {
    bag: options.bag ?? new DiagnosticBag(),
    shown: path.relative(process.cwd(), docxFile) || docxFile,
    relPath: target.relPath,
  };
  warnIfNotACourseLanguage(root, options.lang, report);

  // 1. DOCX → pandoc AST, every Word style kept (+styles), pictures extracted.
  const read = await readDocx(docxFile, report);

  // 2. Back to coursebook's constructs.
  const images = new ImagePlacer(target.chapterDir, read.mediaFiles, target.name.replace(/\.md$/, ''), report);
  const { blocks, frontMatter } = toCoursebook(read.doc, images, report);
  if (!frontMatter) {
    throw new Error(
      `${report.shown}: no front-matter table ` +
        '(the first table of a DOCX made by "coursebook export-docx", after its "cb-front-matter" paragraph)',
    );
  }

  // 3. AST → Markdown.
  const doc: PandocDocument = { 'pandoc-api-version': read.doc['pandoc-api-version'], meta: {}, blocks };
  const text = `---\n${frontMatterYaml(frontMatter)}---\n\n${await markdownBody(doc, report.shown)}`;

  // The result is checked as the build would read it; problems are reported, the file is still written.
  const check = new DiagnosticBag();
  parseFrontMatter(text, report.relPath, check);
  for (const d of check.items) report.bag.add({ ...d, severity: d.severity === 'error' ? 'warning' : d.severity });

  // 4. Write: images first, the chapter last, each atomically.
  const written = images.write(root);
  writeFileAtomic(target.markdownFile, text);
  return { markdownFile: target.markdownFile, images: written };
}

interface ChapterTarget {
  /** File name, e.g. "02-governance.md". */
  name: string;
  chapterDir: string;
  markdownFile: string;
  /** "content/<lang>/<name>", as diagnostics name it. */
  relPath: string;
}

/** Where the chapter goes; refuses a language or a name that is not a plain name inside the course. */
function chapterTarget(root: string, lang: string, base: string): ChapterTarget {
  if (!fs.existsSync(path.join(root, 'book.yaml'))) throw new Error(`${root} is not a course folder: it has no book.yaml`);
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(lang)) throw new Error(`invalid language "${lang}"`);
  const name = base.endsWith('.md') ? base : `${base}.md`;
  if (name === '.md' || /[\\/]/.test(name) || name.startsWith('.')) {
    throw new Error(`invalid chapter name "${base}": give a file name such as 02-governance.md`);
  }
  const chapterDir = path.join(root, 'content', lang);
  const markdownFile = path.join(chapterDir, name);
  assertInside(root, markdownFile);
  return { name, chapterDir, markdownFile, relPath: `content/${lang}/${name}` };
}

function warnIfNotACourseLanguage(root: string, lang: string, report: ImportReport): void {
  const languages = loadBookConfig(root, new DiagnosticBag())?.languages;
  if (languages && !languages.includes(lang)) {
    report.bag.warn({
      code: IMPORT_CODE,
      message: `"${lang}" is not one of the course's languages (${languages.join(', ')})`,
      file: 'book.yaml',
      hint: `add it to "languages:" in book.yaml so that it is built`,
    });
  }
}

async function readDocx(docxFile: string, report: ImportReport): Promise<Awaited<ReturnType<typeof pandocToAst>>> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(docxFile));
  } catch (error) {
    throw new Error(`cannot read ${report.shown}: ${(error as Error).message}`, { cause: error });
  }
  let read: Awaited<ReturnType<typeof pandocToAst>>;
  try {
    read = await pandocToAst({ input: bytes, from: 'docx+styles', args: ['--extract-media=media'] });
  } catch (error) {
    if (error instanceof PandocError) {
      throw new PandocError(`${report.shown}: not a Word file pandoc can read (${error.reason})`, error.stderr, error.reason);
    }
    throw error;
  }
  for (const warning of read.warnings) {
    report.bag.warn({ code: 'translate/pandoc-warning', message: `${report.shown}: ${warning}`, file: report.relPath });
  }
  return read;
}
