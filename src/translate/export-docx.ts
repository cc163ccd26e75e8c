/**
 * Chapters to Word, for translators: one DOCX per chapter, in the layout that
 * docx-layout.ts describes and import-docx.ts reads back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadBookConfig } from '../config/load-config.ts';
import { parseFrontMatter } from '../content/front-matter.ts';
import { listChapterFiles } from '../content/load-chapters.ts';
import { BuildFailedError, DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { writeFileAtomic } from '../report/atomic-write.ts';
import { prepareFences } from './export/fences.ts';
import { frontMatterBlocks } from './export/front-matter.ts';
import { ImageResources } from './export/images.ts';
import { layoutVisitor } from './export/layout-visitor.ts';
import { transformBlocks } from './pandoc/ast.ts';
import { pandocToAst, runPandoc } from './pandoc/run.ts';

/**
 * pandoc's Markdown reader, brought close to the CommonMark + GitHub tables that
 * coursebook's renderer (marked) reads: no smart quotes, TeX math, subscripts,
 * definition lists, line blocks or pandoc-only tables; `[@fig:x]` stays a citation
 * so that it can be protected; raw HTML stays raw.
 */
const MARKDOWN_READER = [
  'markdown',
  '-smart',
  '-tex_math_dollars',
  '-raw_tex',
  '-latex_macros',
  '-auto_identifiers',
  '-implicit_header_references',
  '-pandoc_title_block',
  '-yaml_metadata_block',
  '-line_blocks',
  '-example_lists',
  '-definition_lists',
  '-subscript',
  '-superscript',
  '-inline_notes',
  '-multiline_tables',
  '-simple_tables',
  '-grid_tables',
  '-native_divs',
  '-native_spans',
  '-bracketed_spans',
  '-raw_attribute',
  '-inline_code_attributes',
  '-markdown_in_html_blocks',
  '-blank_before_header',
  '-blank_before_blockquote',
  '+lists_without_preceding_blankline',
].join('');

export interface ExportDocxOptions {
  /** Course folder holding book.yaml. */
  root: string;
  lang: string;
  /** One chapter by file name ("02-governance.md"; ".md" may be left out); default: every chapter of the language. */
  chapter?: string;
  /** Output folder: files go to `<outDir>/docx/<lang>/<chapter>.docx`. */
  outDir: string;
  /** Receives warnings (pandoc's, images…); errors are thrown as BuildFailedError. */
  bag?: DiagnosticBag;
}

/** Writes one DOCX per chapter; returns the paths written. */
export async function exportDocx(options: ExportDocxOptions): Promise<string[]> {
  const bag = new DiagnosticBag();
  const root = path.resolve(options.root);
  const config = loadBookConfig(root, bag);
  if (!config) throw new BuildFailedError(bag.items);
  checkLanguage(config.languages, options.lang, bag);
  const names = chaptersToExport(root, options.lang, options.chapter, bag);

  // Every chapter is converted before any file is written: one bad chapter writes nothing.
  const converted: { file: string; data: Uint8Array }[] = [];
  for (const name of names) {
    const data = await chapterToDocx(root, options.lang, name, bag);
    if (data) converted.push({ file: path.join(path.resolve(options.outDir), 'docx', options.lang, name.replace(/\.md$/, '.docx')), data });
  }
  if (bag.errors.length > 0) throw new BuildFailedError(bag.items);
  for (const { file, data } of converted) writeFileAtomic(file, data);
  for (const d of bag.items) options.bag?.add(d);
  return converted.map((c) => c.file);
}

async function chapterToDocx(root: string, lang: string, name: string, bag: DiagnosticBag): Promise<Uint8Array | null> {
  const relPath = `content/${lang}/${name}`;
  const file = path.join(root, 'content', lang, name);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch (error) {
    const message = `cannot read ${relPath} as UTF-8 text: ${(error as Error).message}`;
    bag.error({ code: 'translate/unreadable', message, file: relPath });
    return null;
  }
  const parsed = parseFrontMatter(text, relPath, bag);
  if (!parsed) return null;

  const prepared = prepareFences(parsed.body, parsed.bodyStartLine, relPath, bag);
  if (!prepared) return null;

  const { doc } = await pandocToAst({ input: prepared.markdown, from: MARKDOWN_READER });
  const images = new ImageResources(root, file, relPath, bag);
  const blocks = transformBlocks(doc.blocks, layoutVisitor(prepared.divs, images));
  if (images.failed) return null;
  doc.blocks = [...frontMatterBlocks(parsed.data), ...blocks];
  // The language lets Word spell-check the text; right-to-left languages get right-to-left paragraphs.
  doc.meta = { lang: { t: 'MetaString', c: lang } };
  if (textDirection(lang) === 'rtl') doc.meta.dir = { t: 'MetaString', c: 'rtl' };

  const result = await runPandoc({ input: JSON.stringify(doc), from: 'json', to: 'docx', resources: images.resources });
  reportPandocWarnings(result.warnings, images, relPath, bag);
  return result.output;
}

/** A language code that names a folder under content/; one the course does not list is only a warning. */
function checkLanguage(languages: string[], lang: string, bag: DiagnosticBag): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(lang)) {
    bag.error({ code: 'translate/unknown-language', message: `invalid language "${lang}"` });
    throw new BuildFailedError(bag.items);
  }
  if (!languages.includes(lang)) {
    bag.warn({
      code: 'translate/unknown-language',
      message: `"${lang}" is not one of the course's languages (${languages.join(', ')})`,
      file: 'book.yaml',
    });
  }
}

/** The chapter files to convert: the one asked for, or every chapter of the language. */
function chaptersToExport(root: string, lang: string, chapter: string | undefined, bag: DiagnosticBag): string[] {
  const names = listChapterFiles(root, lang) ?? [];
  if (chapter !== undefined) {
    const wanted = chapter.endsWith('.md') ? chapter : `${chapter}.md`;
    if (!names.includes(wanted)) {
      bag.error({
        code: 'translate/missing-chapter',
        message: `no chapter content/${lang}/${wanted}`,
        file: `content/${lang}`,
        hint: names.length > 0 ? `chapters: ${names.join(', ')}` : `content/${lang}/ holds no chapter`,
      });
      throw new BuildFailedError(bag.items);
    }
    return [wanted];
  }
  if (names.length === 0) {
    bag.error({ code: 'translate/no-chapters', message: `content/${lang} holds no .md chapter`, file: `content/${lang}` });
    throw new BuildFailedError(bag.items);
  }
  return names;
}

function reportPandocWarnings(warnings: string[], images: ImageResources, relPath: string, bag: DiagnosticBag): void {
  for (const warning of warnings) {
    const message = images.describe(warning);
    const svg = /Could not convert image (\S+\.svg)/i.exec(message);
    if (svg) {
      // pandoc draws a PNG copy of an SVG with rsvg-convert, which pandoc-wasm cannot run.
      bag.info({
        code: 'translate/svg-without-png',
        message:
          `${svg[1]} is embedded as SVG only (no PNG copy: pandoc needs rsvg-convert for that): ` +
          'Word 2016 or later and LibreOffice show it, older Word does not',
        file: relPath,
      });
    } else {
      bag.warn({ code: 'translate/pandoc-warning', message, file: relPath });
    }
  }
}

function textDirection(lang: string): string {
  try {
    return (new Intl.Locale(lang) as Intl.Locale & { textInfo?: { direction?: string } }).textInfo?.direction ?? 'ltr';
  } catch {
    return 'ltr';
  }
}
