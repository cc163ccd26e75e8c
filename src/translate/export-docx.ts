/**
 * Chapters to Word, for translators (issue "Translators work in Word").
 *
 * How a chapter is carried in the DOCX (import-docx.ts reads the same layout back):
 *
 * - Front matter: the document opens with a paragraph in the style `cb-front-matter`
 *   (an instruction for the translator) and a two-column table: the YAML key in code
 *   style on the left, the value on the right. Text values are plain text, lists of
 *   text are bulleted lists, and values not to be translated (`editions`,
 *   `source_hash`, numbers, mappings…) are a YAML value in code style.
 * - Fenced divs: the fence lines stay visible as paragraphs of their own: the opener
 *   `::: exercise Title` in the paragraph style `cb-exercise` (`cb-trainer`,
 *   `cb-answer`, `cb-keypoint`, `cb-participant`… after the div's name), the closer
 *   `:::` in the style `cb-end`. Only paragraphs carry a Word style (lists and tables
 *   inside a div would lose it), so the fences, not the styles of the content, mark
 *   where a div starts and ends; translators translate the exercise title on its
 *   fence line.
 * - Ids: `{#sec:x}` after a heading, `{#fig:x}` after a figure caption and
 *   `{#tbl:x}` after a table caption stay visible in the character style `cb-id`
 *   (Word bookmarks do not survive pandoc's DOCX reader).
 * - Cross-references `[@fig:x]` stay literal text in the character style `cb-xref`
 *   (never pandoc citations).
 * - Raw HTML and remote images stay literal text in the style `cb-raw`.
 * - Figures and table captions are Word captions; footnotes are Word footnotes.
 *   Images are embedded; each image's title holds its original path under the
 *   chapter's folder (e.g. `images/credit-cycle.svg`), so the import can name it back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { listChapterFiles } from '../content/load-chapters.ts';
import { stringify } from 'yaml';
import { loadBookConfig } from '../config/load-config.ts';
import { parseFrontMatter } from '../content/front-matter.ts';
import { BuildFailedError, DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { writeFileAtomic } from '../report/atomic-write.ts';
import { emptyAttr, inlineText, transformBlocks, type Attr, type Block, type Cell, type Inline, type Row } from './pandoc/ast.ts';
import { pandocToAst, runPandoc } from './pandoc/run.ts';

// ---------------------------------------------------------------------------
// The DOCX layout shared with import-docx.ts.

export const STYLE = {
  frontMatter: 'cb-front-matter',
  fenceEnd: 'cb-end',
  xref: 'cb-xref',
  id: 'cb-id',
  raw: 'cb-raw',
} as const;

/** Paragraph style of a div's opening fence: `cb-exercise`. */
export const divStyle = (name: string): string => `cb-${name}`;

/** Fence lines of coursebook's fenced divs (as src/markdown/extensions.ts reads them). */
export const FENCE_OPENER = /^:{3,}[ \t]*\{?\.?([A-Za-z][\w-]*)\}?[ \t]*(.*?)\s*$/;
export const FENCE_CLOSER = /^:{3,}\s*$/;
/** Cross-references, as src/markdown/extensions.ts reads them. */
export const XREF = /\[@(?:fig|tbl|sec|ch|ex):[A-Za-z0-9_.:-]+\]/g;
/** An id marker `{#fig:x}`. */
export const ID_MARKER = /^\{#([A-Za-z][\w:.-]*)\}$/;
/** Front-matter keys whose values are identifiers, not text to translate. */
export const UNTRANSLATED_KEYS = new Set(['editions', 'source_hash']);
/** Front-matter keys that hold lists (see src/content/front-matter.ts): a lone paragraph in Word is a one-item list. */
export const LIST_KEYS = new Set(['editions', 'objectives', 'materials']);

export const FRONT_MATTER_NOTE =
  'Chapter front matter: translate the right-hand column only. Keep as they are: the keys on the left, ' +
  'text in code style, the ::: lines (translate only the title after “::: exercise”), ' +
  'the {#…} ids and the [@…] cross-references.';

/**
 * pandoc's Markdown reader, brought close to the CommonMark + GitHub tables that
 * coursebook's renderer (marked) reads: no smart quotes, TeX math, subscripts,
 * definition lists, line blocks or pandoc-only tables; `[@fig:x]` stays a citation
 * so that it can be protected; raw HTML stays raw.
 */
export const MARKDOWN_READER = [
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

export const styleAttr = (style: string): Attr => ['', [], [['custom-style', style]]];
export const styledPara = (style: string, inlines: Inline[]): Block => ({
  t: 'Div',
  c: [styleAttr(style), [{ t: 'Para', c: inlines }]],
});
export const styledSpan = (style: string, text: string): Inline => ({ t: 'Span', c: [styleAttr(style), textInlines(text)] });

/** Text as inlines, line breaks kept. */
export function textInlines(text: string): Inline[] {
  const out: Inline[] = [];
  text.split('\n').forEach((line, i) => {
    if (i > 0) out.push({ t: 'LineBreak' });
    if (line !== '') out.push({ t: 'Str', c: line });
  });
  return out;
}

/**
 * The image title carries the image's path relative to the chapter (first line),
 * then its Markdown title, if any.
 */
export function encodeImageTitle(relPath: string, title: string): string {
  return title ? `${relPath}\n${title}` : relPath;
}

// ---------------------------------------------------------------------------
// Export.

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
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(options.lang)) {
    bag.error({ code: 'translate/unknown-language', message: `invalid language "${options.lang}"` });
    throw new BuildFailedError(bag.items);
  }
  if (!config.languages.includes(options.lang)) {
    bag.warn({
      code: 'translate/unknown-language',
      message: `"${options.lang}" is not one of the course's languages (${config.languages.join(', ')})`,
      file: 'book.yaml',
    });
  }

  let names = listChapterFiles(root, options.lang) ?? [];
  if (options.chapter !== undefined) {
    const wanted = options.chapter.endsWith('.md') ? options.chapter : `${options.chapter}.md`;
    if (!names.includes(wanted)) {
      bag.error({
        code: 'translate/missing-chapter',
        message: `no chapter content/${options.lang}/${wanted}`,
        file: `content/${options.lang}`,
        hint: names.length > 0 ? `chapters: ${names.join(', ')}` : `content/${options.lang}/ holds no chapter`,
      });
      throw new BuildFailedError(bag.items);
    }
    names = [wanted];
  } else if (names.length === 0) {
    bag.error({ code: 'translate/no-chapters', message: `content/${options.lang} holds no .md chapter`, file: `content/${options.lang}` });
    throw new BuildFailedError(bag.items);
  }

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
    bag.error({ code: 'translate/unreadable', message: `cannot read ${relPath} as UTF-8 text: ${(error as Error).message}`, file: relPath });
    return null;
  }
  const parsed = parseFrontMatter(text, relPath, bag);
  if (!parsed) return null;

  const prepared = prepareFences(parsed.body, parsed.bodyStartLine, relPath, bag);
  if (!prepared) return null;

  const { doc } = await pandocToAst({ input: prepared.markdown, from: MARKDOWN_READER });
  const images = new ImageResources(root, file, relPath, bag);
  const blocks = transformBlocks(doc.blocks, exportVisitor(prepared.divs, images));
  if (images.failed) return null;
  doc.blocks = [...frontMatterBlocks(parsed.data), ...blocks];
  // The language lets Word spell-check the text; right-to-left languages get right-to-left paragraphs.
  doc.meta = { lang: { t: 'MetaString', c: lang } };
  if (textDirection(lang) === 'rtl') doc.meta.dir = { t: 'MetaString', c: 'rtl' };

  const result = await runPandoc({ input: JSON.stringify(doc), from: 'json', to: 'docx', resources: images.resources });
  for (const warning of result.warnings) {
    const message = images.describe(warning);
    const svg = /Could not convert image (\S+\.svg)/i.exec(message);
    if (svg) {
      // pandoc draws a PNG copy of an SVG with rsvg-convert, which pandoc-wasm cannot run.
      bag.info({
        code: 'translate/svg-without-png',
        message: `${svg[1]} is embedded as SVG only (no PNG copy: pandoc needs rsvg-convert for that): Word 2016 or later and LibreOffice show it, older Word does not`,
        file: relPath,
      });
    } else {
      bag.warn({ code: 'translate/pandoc-warning', message, file: relPath });
    }
  }
  return result.output;
}

function textDirection(lang: string): string {
  try {
    return (new Intl.Locale(lang) as Intl.Locale & { textInfo?: { direction?: string } }).textInfo?.direction ?? 'ltr';
  } catch {
    return 'ltr';
  }
}

interface FenceInfo {
  name: string;
  title: string;
}

/**
 * coursebook's `::: exercise Title` is not pandoc syntax: each opener becomes
 * `::: cbdiv-N` (N → name and title kept aside) and every fence gets blank lines
 * around it, as pandoc requires. Unbalanced fences are errors.
 */
export function prepareFences(
  body: string,
  firstLine: number,
  relPath: string,
  bag: DiagnosticBag,
): { markdown: string; divs: Map<string, FenceInfo> } | null {
  const divs = new Map<string, FenceInfo>();
  const out: string[] = [];
  const open: number[] = [];
  let codeFence: string | null = null;
  let ok = true;
  body.split('\n').forEach((line, index) => {
    const code = /^\s{0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (codeFence !== null) {
      if (code && code[1]![0] === codeFence[0] && code[1]!.length >= codeFence.length && code[2]!.trim() === '') codeFence = null;
      out.push(line);
      return;
    }
    if (code) {
      codeFence = code[1]!;
      out.push(line);
      return;
    }
    if (FENCE_CLOSER.test(line)) {
      if (open.pop() === undefined) {
        ok = false;
        bag.error({
          code: 'markdown/stray-fence',
          message: 'closing ":::" without an opening fenced div',
          file: relPath,
          line: firstLine + index,
          hint: 'remove this line, or open the block above it',
        });
        return;
      }
      out.push('', ':::', '');
      return;
    }
    const opener = FENCE_OPENER.exec(line);
    if (opener) {
      const id = `cbdiv-${divs.size + 1}`;
      divs.set(id, { name: opener[1]!.toLowerCase(), title: opener[2] ?? '' });
      open.push(firstLine + index);
      out.push('', `::: ${id}`, '');
      return;
    }
    out.push(line);
  });
  for (const line of open) {
    ok = false;
    bag.error({ code: 'markdown/unclosed-div', message: 'fenced div is never closed', file: relPath, line, hint: 'add a line with only ":::" where the block ends' });
  }
  return ok ? { markdown: out.join('\n'), divs } : null;
}

function exportVisitor(divs: Map<string, FenceInfo>, images: ImageResources) {
  const idMarker = (id: string): Inline[] => [{ t: 'Space' }, styledSpan(STYLE.id, `{#${id}}`)];
  const withCaptionId = (caption: Block[], id: string): Block[] => {
    if (!id) return caption;
    const last = caption.at(-1);
    if (last && (last.t === 'Plain' || last.t === 'Para')) return [...caption.slice(0, -1), { t: last.t, c: [...last.c, ...idMarker(id)] }];
    return [...caption, { t: 'Plain', c: idMarker(id).slice(1) }];
  };
  return {
    inline(inline: Inline): Inline | Inline[] {
      switch (inline.t) {
        case 'Cite': {
          // pandoc read `[@fig:x]` as a citation: give back its literal text, marked if it is a cross-reference.
          const literal = inlineText(inline.c[1]);
          return new RegExp(`^${XREF.source}$`).test(literal) ? styledSpan(STYLE.xref, literal) : inline.c[1];
        }
        case 'RawInline':
          return styledSpan(STYLE.raw, inline.c[1]);
        case 'Image':
          return images.image(inline);
        default:
          return inline;
      }
    },
    block(block: Block): Block | Block[] {
      switch (block.t) {
        case 'Div': {
          const fence = divs.get(block.c[0][1][0] ?? '');
          if (!fence) return block.c[1];
          const opener = `::: ${fence.name}${fence.title ? ` ${fence.title}` : ''}`;
          return [styledPara(divStyle(fence.name), [{ t: 'Str', c: opener }]), ...block.c[1], styledPara(STYLE.fenceEnd, [{ t: 'Str', c: ':::' }])];
        }
        case 'Header': {
          const [level, attr, inlines] = block.c;
          return { t: 'Header', c: [level, emptyAttr(), attr[0] ? [...inlines, ...idMarker(attr[0])] : inlines] };
        }
        case 'Figure': {
          const [attr, caption, content] = block.c;
          const rawOnly = content.length === 1 && content[0]!.t === 'Plain' && !JSON.stringify(content).includes('"t":"Image"');
          if (rawOnly) {
            // A remote image, kept as literal Markdown: its id goes into the same literal.
            const text = inlineText((content[0] as { c: Inline[] }).c) + (attr[0] ? `{#${attr[0]}}` : '');
            return { t: 'Para', c: [styledSpan(STYLE.raw, text)] };
          }
          return { t: 'Figure', c: [emptyAttr(), [caption[0], withCaptionId(caption[1], attr[0])], content] };
        }
        case 'Table': {
          const [attr, caption, ...rest] = block.c;
          return { t: 'Table', c: [emptyAttr(), [caption[0], withCaptionId(caption[1], attr[0])], ...rest] };
        }
        case 'RawBlock':
          return styledPara(STYLE.raw, textInlines(block.c[1].replace(/\n+$/, '')));
        default:
          return block;
      }
    },
  };
}

/** Local images become flat-named pandoc resources; remote ones stay literal Markdown. */
class ImageResources {
  readonly resources: Record<string, Uint8Array> = {};
  failed = false;
  private readonly byFile = new Map<string, string>();
  private readonly originals = new Map<string, string>();

  constructor(
    private readonly root: string,
    private readonly chapterFile: string,
    private readonly relPath: string,
    private readonly bag: DiagnosticBag,
  ) {}

  image(inline: Extract<Inline, { t: 'Image' }>): Inline {
    const [attr, alt, [src, title]] = inline.c;
    if (src.startsWith('data:')) return inline;
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
      this.bag.warn({
        code: 'translate/remote-image',
        message: `remote image "${src}" is not embedded: it stays as Markdown text in the DOCX`,
        file: this.relPath,
      });
      const titlePart = title ? ` "${title.replace(/"/g, '\\"')}"` : '';
      return styledSpan(STYLE.raw, `![${inlineText(alt)}](${src}${titlePart})`);
    }
    let decoded = src;
    try {
      decoded = decodeURIComponent(src);
    } catch {
      // a literal "%" in the name
    }
    const target = path.resolve(path.dirname(this.chapterFile), decoded);
    const inRoot = path.relative(this.root, target);
    if (inRoot.startsWith('..') || path.isAbsolute(inRoot)) {
      this.fail(`image path "${src}" leaves the course folder`, 'keep images inside the course folder, e.g. content/<lang>/images/');
      return inline;
    }
    let name = this.byFile.get(target);
    if (!name) {
      let data: Buffer;
      try {
        data = fs.readFileSync(target);
      } catch {
        this.fail(`image "${src}" not found`, `create ${inRoot.split(path.sep).join('/')} or fix the path (relative to the chapter file)`);
        return inline;
      }
      name = `img-${this.byFile.size + 1}${path.extname(target).toLowerCase()}`;
      this.byFile.set(target, name);
      this.resources[name] = new Uint8Array(data);
      this.originals.set(name, inRoot.split(path.sep).join('/'));
    }
    const relToChapter = path.relative(path.dirname(this.chapterFile), target).split(path.sep).join('/');
    return { t: 'Image', c: [attr, alt, [name, encodeImageTitle(relToChapter, title)]] };
  }

  /** A pandoc warning with the resource names turned back into the course's paths. */
  describe(warning: string): string {
    let text = warning;
    for (const [name, original] of this.originals) text = text.split(name).join(original);
    return text;
  }

  private fail(message: string, hint: string): void {
    this.failed = true;
    this.bag.error({ code: 'markdown/missing-image', message, file: this.relPath, hint });
  }
}

// ---------------------------------------------------------------------------
// Front matter.

function frontMatterBlocks(data: Record<string, unknown>): Block[] {
  const cell = (blocks: Block[]): Cell => [emptyAttr(), { t: 'AlignDefault' }, 1, 1, blocks];
  const code = (text: string): Block[] => [{ t: 'Plain', c: [{ t: 'Code', c: [emptyAttr(), text] }] }];
  const rows: Row[] = Object.entries(data).map(([key, value]): Row => [emptyAttr(), [cell(code(key)), cell(valueBlocks(key, value, code))]]);
  return [
    styledPara(STYLE.frontMatter, [{ t: 'Str', c: FRONT_MATTER_NOTE }]),
    {
      t: 'Table',
      c: [
        emptyAttr(),
        [null, []],
        [
          [{ t: 'AlignDefault' }, { t: 'ColWidth', c: 0.25 }],
          [{ t: 'AlignDefault' }, { t: 'ColWidth', c: 0.75 }],
        ],
        [emptyAttr(), []],
        [[emptyAttr(), 0, [], rows]],
        [emptyAttr(), []],
      ],
    },
  ];
}

function valueBlocks(key: string, value: unknown, code: (text: string) => Block[]): Block[] {
  if (value === null || value === undefined || value === '') return [];
  if (!UNTRANSLATED_KEYS.has(key)) {
    if (typeof value === 'string') return [{ t: 'Plain', c: textInlines(value) }];
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
      return [{ t: 'BulletList', c: (value as string[]).map((item) => [{ t: 'Plain', c: textInlines(item) }]) }];
    }
  }
  return code(stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trim());
}

