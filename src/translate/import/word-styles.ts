/**
 * The first pass over the DOCX's AST, element by element: Word's paragraph and
 * character styles become coursebook's constructs (fence markers, ids, literal
 * cross-references and raw Markdown), other Word styles are dropped for their
 * content, and figures, tables and code blocks take the shape coursebook's
 * Markdown gives them.
 */
import { STYLE } from '../docx-layout.ts';
import { attrValue, blockText, emptyAttr, inlineText, transformBlocks, type Attr, type Block, type Inline } from '../pandoc/ast.ts';
import { fenceMarker, fenceOf, isFenceMarker, markerLine } from './fences.ts';
import { frontMatterMarker } from './front-matter.ts';
import type { ImagePlacer } from './images.ts';
import { captionInlines, finishInlines, protectXrefs, raw, takeId, trimNoteStart } from './inlines.ts';
import { table, type TableBlock } from './tables.ts';

interface StylesResolved {
  blocks: Block[];
  /** Each rebuilt table → the table as Word had it (the front matter is read from that one). */
  originalTables: Map<Block, TableBlock>;
}

export function resolveWordStyles(blocks: Block[], images: ImagePlacer): StylesResolved {
  const originalTables = new Map<Block, TableBlock>();
  const resolved = transformBlocks(blocks, {
    inline: (inline) => resolveInline(inline, images),
    block: (block) => {
      if (block.t !== 'Table') return resolveBlock(block);
      const rebuilt = table(block);
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- table() returns the rebuilt table first, then its caption blocks
      originalTables.set(rebuilt[0]!, block);
      return rebuilt;
    },
  });
  return { blocks: resolved, originalTables };
}

const styleOf = (attr: Attr): string => attrValue(attr, 'custom-style') ?? '';

function resolveInline(inline: Inline, images: ImagePlacer): Inline | Inline[] {
  switch (inline.t) {
    case 'Span': {
      const style = styleOf(inline.c[0]);
      const content = inline.c[1];
      if (style === STYLE.xref || style === STYLE.raw) return raw(inlineText(content));
      // Kept for the heading or caption it ends; elsewhere finishInlines makes it literal text.
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
}

function resolveBlock(block: Block): Block | Block[] {
  switch (block.t) {
    case 'Div':
      return resolveStyledParagraph(block);
    case 'Header': {
      const [level, , inlines] = block.c;
      const { id, rest } = takeId(inlines);
      return { t: 'Header', c: [level, [id, [], []], finishInlines(rest)] };
    }
    case 'Figure':
      return figure(block);
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
}

/** pandoc's reader wraps each paragraph that has a Word style in a Div naming the style. */
function resolveStyledParagraph(div: Extract<Block, { t: 'Div' }>): Block | Block[] {
  const style = styleOf(div.c[0]);
  const content = div.c[1];
  if (style === STYLE.frontMatter) return frontMatterMarker();
  if (style === STYLE.raw) return { t: 'RawBlock', c: ['markdown', blockText(content)] };
  // Its paragraph may already be a fence marker (from its text): the style can name it better.
  const only = content.length === 1 ? content[0] : undefined;
  const fence = fenceOf(style, isFenceMarker(only) ? markerLine(only) : blockText(content));
  if (fence) return fenceMarker(fence);
  // Any other Word paragraph style (Body Text, Compact, Block Text…): only its content.
  return content;
}

/** coursebook's figure: one image whose alt text is the caption, the id after it. */
function figure(block: Extract<Block, { t: 'Figure' }>): Block | Block[] {
  const [, caption, content] = block.c;
  const { id, rest } = takeId(captionInlines(caption[1]));
  const captionText = finishInlines(rest);
  const image = firstImage(content);
  if (!image) return content;
  const img: Inline = { t: 'Image', c: [emptyAttr(), captionText, image.c[2]] };
  const captionBlocks: Block[] = captionText.length > 0 ? [{ t: 'Plain', c: captionText }] : [];
  return { t: 'Figure', c: [[id, [], []], [null, captionBlocks], [{ t: 'Plain', c: [img] }]] };
}

function firstImage(blocks: Block[]): Extract<Inline, { t: 'Image' }> | null {
  let image: Extract<Inline, { t: 'Image' }> | null = null;
  transformBlocks(blocks, {
    inline: (inline) => {
      if (inline.t === 'Image' && !image) image = inline;
      return inline;
    },
  });
  return image;
}

/** A fenced code block (pandoc would indent it); Word does not keep the language. */
function codeBlock(code: string): Block {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return { t: 'RawBlock', c: ['markdown', `${fence}\n${code}\n${fence}`] };
}
