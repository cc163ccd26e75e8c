/**
 * A translated DOCX back to a chapter: `content/<lang>/<name>.md` and its images in
 * `content/<lang>/images/`. The DOCX layout is the one export-docx.ts writes (see
 * there); the import is lenient where Word editing may have blurred it: a fence line
 * is recognized by its text (`::: name Title`, `:::`) as well as by its style, and
 * ids and cross-references by their text as well as by their character style.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Document, isSeq, parse as parseYaml, visit } from 'yaml';
import { loadBookConfig } from '../config/load-config.ts';
import { parseFrontMatter } from '../content/front-matter.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { writeFileAtomic } from '../report/atomic-write.ts';
import {
  FENCE_CLOSER,
  FENCE_OPENER,
  ID_MARKER,
  LIST_KEYS,
  STYLE,
  XREF,
} from './docx-layout.ts';
import {
  attrValue,
  blockText,
  emptyAttr,
  inlineText,
  transformBlocks,
  type Block,
  type Cell,
  type Inline,
  type PandocDocument,
  type Row,
} from './pandoc/ast.ts';
import { PandocError } from './pandoc/request.ts';
import { pandocToAst, runPandoc } from './pandoc/run.ts';

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

/**
 * pandoc's Markdown writer, set to coursebook's dialect: pipe tables, footnotes,
 * `{#id}` attributes, fenced divs written by the import itself, no raw HTML, no
 * pandoc-only syntax, typographic characters kept as they are.
 */
export const MARKDOWN_WRITER = [
  'markdown',
  '-smart',
  '-simple_tables',
  '-multiline_tables',
  '-grid_tables',
  '-raw_html',
  '-raw_attribute',
  '-raw_tex',
  '-native_divs',
  '-native_spans',
  '-bracketed_spans',
  '-subscript',
  '-superscript',
  '-inline_notes',
  '-tex_math_dollars',
  '-citations',
  '-example_lists',
  '-line_blocks',
  '-definition_lists',
  '-auto_identifiers',
  '-gfm_auto_identifiers',
  '-inline_code_attributes',
  '-fenced_code_attributes',
  '-yaml_metadata_block',
  '-pandoc_title_block',
].join('');

const CODE = 'translate/import';

export async function importDocx(options: ImportDocxOptions): Promise<ImportDocxResult> {
  const root = path.resolve(options.root);
  const bag = options.bag ?? new DiagnosticBag();
  const docxFile = path.resolve(options.file);
  const shown = path.relative(process.cwd(), docxFile) || docxFile;

  if (!fs.existsSync(path.join(root, 'book.yaml'))) throw new Error(`${root} is not a course folder: it has no book.yaml`);
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(options.lang)) throw new Error(`invalid language "${options.lang}"`);
  const base = options.name ?? path.basename(docxFile).replace(/\.docx$/i, '');
  const name = base.endsWith('.md') ? base : `${base}.md`;
  if (name === '.md' || /[\\/]/.test(name) || name.startsWith('.')) {
    throw new Error(`invalid chapter name "${base}": give a file name such as 02-governance.md`);
  }
  const chapterDir = path.join(root, 'content', options.lang);
  const markdownFile = path.join(chapterDir, name);
  assertInside(root, markdownFile);
  const relPath = `content/${options.lang}/${name}`;

  const languages = loadBookConfig(root, new DiagnosticBag())?.languages;
  if (languages && !languages.includes(options.lang)) {
    bag.warn({
      code: CODE,
      message: `"${options.lang}" is not one of the course's languages (${languages.join(', ')})`,
      file: 'book.yaml',
      hint: `add it to "languages:" in book.yaml so that it is built`,
    });
  }

  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(docxFile));
  } catch (error) {
    throw new Error(`cannot read ${shown}: ${(error as Error).message}`);
  }

  // 1. DOCX → pandoc AST, every Word style kept (+styles), pictures extracted.
  let read: Awaited<ReturnType<typeof pandocToAst>>;
  try {
    read = await pandocToAst({ input: bytes, from: 'docx+styles', args: ['--extract-media=media'] });
  } catch (error) {
    if (error instanceof PandocError) {
      throw new PandocError(`${shown}: not a Word file pandoc can read (${error.reason})`, error.stderr, error.reason);
    }
    throw error;
  }
  for (const warning of read.warnings) bag.warn({ code: 'translate/pandoc-warning', message: `${shown}: ${warning}`, file: relPath });

  // 2. Back to coursebook's constructs.
  const images = new ImagePlacer(chapterDir, read.mediaFiles, name.replace(/\.md$/, ''), bag, relPath);
  const { blocks, frontMatter } = toCoursebook(read.doc, images, bag, shown, relPath);
  if (!frontMatter) {
    throw new Error(
      `${shown}: no front-matter table (the first table of a DOCX made by "coursebook export-docx", after its "cb-front-matter" paragraph)`,
    );
  }

  // 3. AST → Markdown.
  const doc: PandocDocument = { 'pandoc-api-version': read.doc['pandoc-api-version'], meta: {}, blocks };
  let body: string;
  try {
    const written = await runPandoc({ input: JSON.stringify(doc), from: 'json', to: MARKDOWN_WRITER, args: ['--wrap=none'] });
    body = new TextDecoder().decode(written.output);
  } catch (error) {
    if (error instanceof PandocError) throw new PandocError(`${shown}: ${error.message}`, error.stderr);
    throw error;
  }
  const text = `---\n${frontMatterYaml(frontMatter)}---\n\n${tidy(body)}`;

  // The result is checked as the build would read it; problems are reported, the file is still written.
  const check = new DiagnosticBag();
  parseFrontMatter(text, relPath, check);
  for (const d of check.items) bag.add({ ...d, severity: d.severity === 'error' ? 'warning' : d.severity });

  // 4. Write: images first, the chapter last, each atomically.
  const written = images.write(root);
  writeFileAtomic(markdownFile, text);
  return { markdownFile, images: written };
}

/** Refuses any path that leaves the course folder, symbolic links included. */
function assertInside(root: string, file: string): void {
  const check = (base: string, target: string): boolean => {
    const rel = path.relative(base, target);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  if (!check(root, file)) throw new Error(`refusing to write ${file}: it is outside the course folder ${root}`);
  // Resolve links on the part of the path that exists.
  let existing = path.dirname(file);
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  const realRoot = fs.realpathSync(root);
  const realExisting = fs.realpathSync(existing);
  if (realExisting !== realRoot && !check(realRoot, realExisting)) {
    throw new Error(`refusing to write ${file}: ${existing} leads outside the course folder ${root}`);
  }
}

/**
 * Trailing blanks off, one final newline; a cross-reference that Word split into
 * runs of different formatting (so pandoc escaped it: `\[@fig:x\]`) unescaped.
 */
function tidy(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const code = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (code && code[0] === fence[0] && code.length >= fence.length) fence = null;
      out.push(line);
      continue;
    }
    if (code) fence = code;
    const text = line
      .replace(/[ \t]+$/, '')
      .replace(/\\\[@((?:fig|tbl|sec|ch|ex):(?:[A-Za-z0-9_.:-]|\\[_.:-])+)\\?\]/g, (_, key: string) => `[@${key.replace(/\\/g, '')}]`);
    // One blank line at most between blocks.
    if (text === '' && (out.length === 0 || out.at(-1) === '')) continue;
    out.push(text);
  }
  while (out.at(-1) === '') out.pop();
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------
// AST: DOCX constructs → coursebook's.

interface Fence {
  kind: 'open' | 'close';
  name?: string;
  title?: string;
  /** The paragraph's text. */
  line: string;
}

const FENCE_CLASS = 'cb-fence';
const FRONT_MATTER_CLASS = 'cb-front-matter';

function toCoursebook(
  doc: PandocDocument,
  images: ImagePlacer,
  bag: DiagnosticBag,
  shown: string,
  relPath: string,
): { blocks: Block[]; frontMatter: Record<string, unknown> | null } {
  const styleOf = (attr: [string, string[], [string, string][]]): string => attrValue(attr, 'custom-style') ?? '';

  // The front matter is read from the table as Word had it (lists in cells), not as flattened for Markdown.
  const originalTables = new Map<Block, Extract<Block, { t: 'Table' }>>();
  const normalized = transformBlocks(doc.blocks, {
    inline(inline): Inline | Inline[] {
      switch (inline.t) {
        case 'Span': {
          const style = styleOf(inline.c[0]);
          const content = inline.c[1];
          if (style === STYLE.xref || style === STYLE.raw) return raw(inlineText(content));
          // Kept for the heading or caption it ends; elsewhere it becomes literal text below.
          if (style === STYLE.id) return { t: 'Span', c: [['', [STYLE.id], []], content] };
          // Any other Word character style: only its text (the empty "Footnote Reference" goes).
          return content;
        }
        case 'Str':
          return protectXrefs(inline.c);
        case 'Image':
          return images.image(inline);
        case 'Link':
          return { t: 'Link', c: [emptyAttr(), inline.c[1], inline.c[2]] };
        case 'Note':
          return { t: 'Note', c: trimNoteStart(inline.c) };
        default:
          return inline;
      }
    },
    block(block): Block | Block[] {
      switch (block.t) {
        case 'Div': {
          const style = styleOf(block.c[0]);
          const content = block.c[1];
          if (style === STYLE.frontMatter) return { t: 'Div', c: [['', [FRONT_MATTER_CLASS], []], []] };
          if (style === STYLE.raw) return { t: 'RawBlock', c: ['markdown', blockText(content)] };
          // Its paragraph may already be a fence marker (from its text): the style can name it better.
          const only = content.length === 1 ? content[0]! : null;
          const text = only?.t === 'Div' && only.c[0][1][0] === FENCE_CLASS ? (attrValue(only.c[0], 'line') ?? '') : blockText(content);
          const fence = fenceOf(style, text);
          if (fence) return fenceMarker(fence);
          // Any other Word paragraph style (Body Text, Compact, Block Text…): only its content.
          return content;
        }
        case 'Header': {
          const [level, , inlines] = block.c;
          const { id, rest } = takeId(inlines);
          return { t: 'Header', c: [level, [id, [], []], finishInlines(rest)] };
        }
        case 'Figure':
          return figure(block);
        case 'Table': {
          const result = table(block);
          originalTables.set(result[0]!, block);
          return result;
        }
        case 'CodeBlock':
          return codeBlock(block.c[1]);
        case 'Para':
        case 'Plain': {
          const fence = block.t === 'Para' ? fenceOf('', inlineText(block.c)) : null;
          return fence ? fenceMarker(fence) : { t: block.t, c: finishInlines(block.c) };
        }
        default:
          return block;
      }
    },
  });

  // Top level: front matter, then the fence lines (a plain paragraph reading "::: trainer" is one too).
  let frontMatter: Record<string, unknown> | null = null;
  const out: Block[] = [];
  let depth = 0;
  let markerSeen = false;
  let headingSeen = false;
  for (const block of normalized) {
    if (block.t === 'Div' && block.c[0][1][0] === FRONT_MATTER_CLASS) {
      markerSeen = true;
      continue;
    }
    if (frontMatter === null && !headingSeen && block.t === 'Table') {
      const data = frontMatterFrom(originalTables.get(block) ?? block, bag, relPath);
      if (data) {
        frontMatter = data;
        // Without its style, the instruction paragraph before the table is plain text: drop it too.
        if (!markerSeen && out.length === 1 && out[0]!.t === 'Para') out.pop();
        continue;
      }
    }
    if (block.t === 'Header') headingSeen = true;
    const fence = block.t === 'Div' && block.c[0][1][0] === FENCE_CLASS ? fenceFromMarker(block) : null;
    if (fence?.kind === 'open') {
      depth++;
      out.push({ t: 'RawBlock', c: ['markdown', `::: ${fence.name}${fence.title ? ` ${fence.title}` : ''}`] });
    } else if (fence?.kind === 'close') {
      if (depth === 0) {
        bag.warn({ code: CODE, message: `${shown}: a ":::" line closes no fenced div: left out`, file: relPath });
        continue;
      }
      depth--;
      out.push({ t: 'RawBlock', c: ['markdown', ':::'] });
    } else {
      out.push(block);
    }
  }
  if (depth > 0) {
    bag.warn({
      code: CODE,
      message: `${shown}: ${depth} fenced div(s) not closed: ":::" added at the end of the chapter`,
      file: relPath,
      hint: 'check where the trainer, exercise or answer blocks end',
    });
    for (; depth > 0; depth--) out.push({ t: 'RawBlock', c: ['markdown', ':::'] });
  }
  // pandoc writes raw blocks one under the other: a blank line between them, save between closers.
  const isCloser = (b: Block | undefined): boolean => b?.t === 'RawBlock' && b.c[1] === ':::';
  const spaced = out.map((b, i): Block => {
    const previous = out[i - 1];
    if (b.t !== 'RawBlock' || previous?.t !== 'RawBlock' || (isCloser(b) && isCloser(previous))) return b;
    return { t: 'RawBlock', c: [b.c[0], `\n${b.c[1]}`] };
  });
  // A fence line inside a list or a table cell is no fence: its text stays.
  const blocks = transformBlocks(spaced, {
    block: (b) => (b.t === 'Div' && b.c[0][1][0] === FENCE_CLASS ? { t: 'Para', c: [{ t: 'Str', c: attrValue(b.c[0], 'line') ?? '' }] } : b),
  });
  return { blocks, frontMatter };

  /**
   * A fence line: its text starts with ":::" (a paragraph merely in a fence's style is
   * text typed after Enter). The style names the div even if the name was translated.
   */
  function fenceOf(style: string, text: string): Fence | null {
    const line = text.replace(/\s+/g, ' ').trim();
    if (!line.startsWith(':::')) return null;
    if (FENCE_CLOSER.test(line)) return { kind: 'close', line };
    const styled = /^cb-([A-Za-z][\w-]*)$/.exec(style)?.[1];
    const isDivStyle = styled !== undefined && !(Object.values(STYLE) as string[]).includes(style);
    const match = FENCE_OPENER.exec(line);
    if (isDivStyle) return { kind: 'open', name: styled.toLowerCase(), title: match ? (match[2] ?? '') : line.replace(/^:+\s*/, ''), line };
    return match ? { kind: 'open', name: match[1]!.toLowerCase(), title: match[2] ?? '', line } : null;
  }

  function figure(block: Extract<Block, { t: 'Figure' }>): Block | Block[] {
    const [, caption, content] = block.c;
    const { id, rest } = takeId(captionInlines(caption[1]));
    const captionText = finishInlines(rest);
    let image: Extract<Inline, { t: 'Image' }> | null = null;
    transformBlocks(content, {
      inline: (inline) => {
        if (inline.t === 'Image' && !image) image = inline;
        return inline;
      },
    });
    if (!image) return content;
    const found = image as Extract<Inline, { t: 'Image' }>;
    const img: Inline = { t: 'Image', c: [emptyAttr(), captionText, found.c[2]] };
    return { t: 'Figure', c: [[id, [], []], [null, captionText.length > 0 ? [{ t: 'Plain', c: captionText }] : []], [{ t: 'Plain', c: [img] }]] };
  }
}

/** A fenced code block (pandoc would indent it); Word does not keep the language. */
function codeBlock(code: string): Block {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return { t: 'RawBlock', c: ['markdown', `${fence}\n${code}\n${fence}`] };
}

/** GitHub table cells hold one line of inline content: several paragraphs or a list are run together. */
function flattenRows(rows: Row[]): Row[] {
  return rows.map(([attr, cells]): Row => [
    attr,
    cells.map(([cAttr, align, rs, cs, content]): Cell => {
      const inlines = flattenBlocks(content).map((i): Inline => (i.t === 'LineBreak' || i.t === 'SoftBreak' ? { t: 'Space' } : i));
      return [cAttr, align, rs, cs, inlines.length > 0 ? [{ t: 'Plain', c: inlines }] : []];
    }),
  ]);
}

function flattenBlocks(blocks: Block[]): Inline[] {
  const out: Inline[] = [];
  const add = (inlines: Inline[]): void => {
    if (inlines.length === 0) return;
    if (out.length > 0) out.push({ t: 'Space' });
    out.push(...inlines);
  };
  for (const block of blocks) {
    switch (block.t) {
      case 'Plain':
      case 'Para':
        add(block.c);
        break;
      case 'Header':
        add(block.c[2]);
        break;
      case 'BulletList':
        for (const item of block.c) add(flattenBlocks(item));
        break;
      case 'OrderedList':
        for (const item of block.c[1]) add(flattenBlocks(item));
        break;
      case 'Div':
      case 'BlockQuote':
        add(flattenBlocks(block.t === 'Div' ? block.c[1] : block.c));
        break;
      case 'CodeBlock':
        add([{ t: 'Code', c: [emptyAttr(), block.c[1].replace(/\s+/g, ' ')] }]);
        break;
      case 'RawBlock':
        add([raw(block.c[1].replace(/\s+/g, ' '))]);
        break;
      default:
        add([{ t: 'Str', c: blockText([block]).replace(/\s+/g, ' ') }]);
    }
  }
  return out;
}

function table(block: Extract<Block, { t: 'Table' }>): Block[] {
  const [, caption, specs, rawHead, rawBodies, rawFoot] = block.c;
  const head: typeof rawHead = [rawHead[0], flattenRows(rawHead[1])];
  const bodies = rawBodies.map(([a, n, h, b]): typeof rawBodies[number] => [a, n, flattenRows(h), flattenRows(b)]);
  const foot: typeof rawFoot = [rawFoot[0], flattenRows(rawFoot[1])];
  const { id, rest } = takeId(captionInlines(caption[1]));
  const captionText = finishInlines(rest);
  const plain: Block = {
    t: 'Table',
    c: [emptyAttr(), [null, []], specs.map(([align]) => [align, { t: 'ColWidthDefault' }]), head, bodies, foot],
  };
  if (captionText.length === 0) return [plain];
  // coursebook's caption line: "Table: Caption {#tbl:id}" right after the table.
  const line: Inline[] = [{ t: 'RawInline', c: ['markdown', 'Table: '] }, ...captionText];
  if (id) line.push({ t: 'RawInline', c: ['markdown', ` {#${id}}`] });
  return [plain, { t: 'Para', c: line }];
}

function captionInlines(blocks: Block[]): Inline[] {
  const out: Inline[] = [];
  for (const block of blocks) {
    if (block.t === 'Plain' || block.t === 'Para') {
      if (out.length > 0) out.push({ t: 'Space' });
      out.push(...block.c);
    } else if (block.t === 'Div') {
      out.push(...captionInlines(block.c[1]));
    }
  }
  return out;
}

/** Takes a trailing `{#id}` (cb-id span or plain text) off a heading or caption. */
function takeId(inlines: Inline[]): { id: string; rest: Inline[] } {
  const rest = [...inlines];
  while (rest.length > 0 && isBlank(rest.at(-1)!)) rest.pop();
  const last = rest.at(-1);
  let text: string | null = null;
  if (last?.t === 'Span' && last.c[0][1][0] === STYLE.id) text = inlineText(last.c[1]).trim();
  else if (last?.t === 'Str') text = last.c;
  else if (last?.t === 'RawInline') text = last.c[1].trim();
  const match = text === null ? null : ID_MARKER.exec(text);
  if (!match) return { id: '', rest: inlines };
  rest.pop();
  while (rest.length > 0 && isBlank(rest.at(-1)!)) rest.pop();
  return { id: match[1]!, rest };
}

const isBlank = (inline: Inline): boolean => inline.t === 'Space' || inline.t === 'SoftBreak' || (inline.t === 'Str' && inline.c.trim() === '');

/** cb-id spans not at the end of a heading or caption are kept as text. */
function finishInlines(inlines: Inline[]): Inline[] {
  return inlines.flatMap((inline): Inline | Inline[] =>
    inline.t === 'Span' && inline.c[0][1][0] === STYLE.id ? raw(inlineText(inline.c[1])) : inline,
  );
}

const raw = (text: string): Inline => ({ t: 'RawInline', c: ['markdown', text] });

/** `[@fig:x]` in text (its style lost) must not come out escaped as `\[@fig:x\]`. */
function protectXrefs(text: string): Inline | Inline[] {
  const pattern = new RegExp(XREF.source, 'g');
  if (!pattern.test(text)) return { t: 'Str', c: text };
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(new RegExp(XREF.source, 'g'))) {
    if (match.index > last) out.push({ t: 'Str', c: text.slice(last, match.index) });
    out.push(raw(match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ t: 'Str', c: text.slice(last) });
  return out;
}

/** Word starts a footnote with its (now empty) reference mark and a space. */
function trimNoteStart(blocks: Block[]): Block[] {
  const first = blocks[0];
  if (!first || (first.t !== 'Para' && first.t !== 'Plain')) return blocks;
  let start = 0;
  while (start < first.c.length && isBlank(first.c[start]!)) start++;
  return start === 0 ? blocks : [{ t: first.t, c: first.c.slice(start) }, ...blocks.slice(1)];
}

function fenceMarker(fence: Fence): Block {
  const attrs: [string, string][] = [['kind', fence.kind], ['line', fence.line]];
  if (fence.name) attrs.push(['name', fence.name]);
  if (fence.title) attrs.push(['title', fence.title]);
  return { t: 'Div', c: [['', [FENCE_CLASS], attrs], []] };
}

function fenceFromMarker(block: Extract<Block, { t: 'Div' }>): Fence {
  const attr = block.c[0];
  const fence: Fence = { kind: attrValue(attr, 'kind') === 'close' ? 'close' : 'open', line: attrValue(attr, 'line') ?? '' };
  const name = attrValue(attr, 'name');
  const title = attrValue(attr, 'title');
  if (name) fence.name = name;
  if (title) fence.title = title;
  return fence;
}

// ---------------------------------------------------------------------------
// Front matter.

/** The front-matter table: YAML keys on the left, values on the right. Null if this table is not one. */
function frontMatterFrom(block: Extract<Block, { t: 'Table' }>, bag: DiagnosticBag, relPath: string): Record<string, unknown> | null {
  const [, , specs, head, bodies, foot] = block.c;
  if (specs.length !== 2) return null;
  const rows: Row[] = [...head[1], ...bodies.flatMap(([, , h, b]) => [...h, ...b]), ...foot[1]];
  const data: Record<string, unknown> = {};
  for (const [, cells] of rows) {
    const [keyCell, valueCell] = cells;
    if (!keyCell) continue;
    const key = blockText(keyCell[4]).trim();
    if (key === '' && (!valueCell || blockText(valueCell[4]).trim() === '')) continue;
    if (!/^[A-Za-z_][\w-]*$/.test(key)) {
      bag.warn({ code: CODE, message: `front-matter row "${key}" is not a YAML key: left out`, file: relPath });
      continue;
    }
    const value = valueCell ? cellValue(valueCell) : null;
    data[key] = LIST_KEYS.has(key) && typeof value === 'string' ? value.split('\n').map((s) => s.trim()).filter(Boolean) : value;
  }
  return 'title' in data ? data : null;
}

function cellValue(cell: Cell): unknown {
  const blocks = cell[4].flatMap((b) => (b.t === 'Div' ? b.c[1] : [b]));
  if (blocks.length === 0 || blockText(blocks).trim() === '') return null;
  const only = blocks.length === 1 ? blocks[0]! : null;
  if (only && (only.t === 'BulletList' || only.t === 'OrderedList')) {
    const items = only.t === 'BulletList' ? only.c : only.c[1];
    return items.map((item) => blockText(item).replace(/\s+/g, ' ').trim()).filter((s) => s !== '');
  }
  if (only && (only.t === 'Plain' || only.t === 'Para')) {
    const parts = only.c.filter((i) => !isBlank(i));
    if (parts.length === 1 && parts[0]!.t === 'Code') {
      try {
        return parseYaml(parts[0].c[1]) as unknown;
      } catch {
        return parts[0].c[1];
      }
    }
  }
  return blockText(blocks)
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .trim();
}

/** YAML front matter: short lists of short items in flow style ([a, b]), others as block lists. */
function frontMatterYaml(data: Record<string, unknown>): string {
  const doc = new Document(data);
  visit(doc, {
    Seq(_, node) {
      if (!isSeq(node)) return;
      const items = node.items.map((item) => String((item as { value?: unknown }).value ?? ''));
      node.flow = items.join(', ').length <= 60 && items.every((s) => !s.includes('\n'));
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

// ---------------------------------------------------------------------------
// Images.

/**
 * Pictures go to `content/<lang>/images/`, under the name their title recorded at
 * export (the source's `images/credit-cycle.svg`), else `<chapter>-<n>.<ext>`. An
 * existing different file is never overwritten: the picture gets a free name instead.
 */
class ImagePlacer {
  private readonly placed = new Map<string, string>();
  private readonly pending = new Map<string, Uint8Array>();
  private count = 0;

  constructor(
    private readonly chapterDir: string,
    private readonly media: Record<string, Uint8Array>,
    private readonly stem: string,
    private readonly bag: DiagnosticBag,
    private readonly relPath: string,
  ) {}

  image(inline: Extract<Inline, { t: 'Image' }>): Inline {
    const [, alt, [src, title]] = inline.c;
    const data = this.media[src];
    if (!data) return { t: 'Image', c: [emptyAttr(), alt, [src, '']] };
    const [first = '', ...titleLines] = title.split('\n').map((line) => line.trim());
    // Our title is the source path, then the Markdown title; a picture added in Word has its own.
    const ours = /^\S(?:.*\S)?\.[A-Za-z0-9]+$/.test(first);
    let rel = this.placed.get(src);
    if (!rel) {
      rel = this.place(data, ours ? first : '', path.extname(src).toLowerCase());
      this.placed.set(src, rel);
    }
    return { t: 'Image', c: [emptyAttr(), alt, [encodeURI(rel), ours ? titleLines.join('\n') : '']] };
  }

  /** Relative path (from the chapter) for these bytes. */
  private place(data: Uint8Array, recorded: string, ext: string): string {
    const wanted = this.wantedName(recorded, ext);
    const dir = path.posix.dirname(wanted);
    const stem = path.posix.basename(wanted, ext);
    for (let n = 1; ; n++) {
      const candidate = `${dir}/${n === 1 ? stem : `${stem}-${n}`}${ext}`;
      const pending = this.pending.get(candidate);
      if (pending) {
        if (Buffer.from(pending).equals(Buffer.from(data))) return candidate;
        continue;
      }
      const file = path.join(this.chapterDir, ...candidate.split('/'));
      if (fs.existsSync(file)) {
        if (fs.readFileSync(file).equals(Buffer.from(data))) {
          this.pending.set(candidate, data);
          return candidate;
        }
        if (n === 1) {
          this.bag.info({
            code: CODE,
            message: `${candidate} already exists with other content: this picture is saved under another name`,
            file: this.relPath,
          });
        }
        continue;
      }
      this.pending.set(candidate, data);
      return candidate;
    }
  }

  private wantedName(recorded: string, ext: string): string {
    // The recorded path, if it is a plain relative one; always under images/, with the real extension.
    const clean = recorded
      .split('/')
      .filter((part) => part !== '' && part !== '.' && part !== '..')
      .map((part) => part.replace(/[^\p{L}\p{N}._-]+/gu, '-'))
      .join('/');
    if (clean !== '' && !recorded.startsWith('/')) {
      const withoutExt = clean.replace(/\.[A-Za-z0-9]+$/, '');
      const under = withoutExt.startsWith('images/') ? withoutExt : `images/${path.posix.basename(withoutExt)}`;
      return `${under}${ext}`;
    }
    this.count++;
    return `images/${this.stem}-${this.count}${ext}`;
  }

  /** Writes the new pictures; returns every picture's absolute path. */
  write(root: string): string[] {
    const files: string[] = [];
    for (const [rel, data] of this.pending) {
      const file = path.join(this.chapterDir, ...rel.split('/'));
      assertInside(root, file);
      if (!fs.existsSync(file)) writeFileAtomic(file, data);
      files.push(file);
    }
    return files;
  }
}
