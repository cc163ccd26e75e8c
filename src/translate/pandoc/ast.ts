/**
 * The pandoc AST (pandoc's JSON), as far as the translate code reads and writes it,
 * with a bottom-up visitor and the plain text of inlines and blocks.
 */

export type Attr = [id: string, classes: string[], attributes: [string, string][]];
type Target = [url: string, title: string];
type Tagged<T extends string, C = undefined> = C extends undefined ? { t: T; c?: undefined } : { t: T; c: C };

export type Inline =
  | Tagged<'Str', string>
  | Tagged<'Space'>
  | Tagged<'SoftBreak'>
  | Tagged<'LineBreak'>
  | Tagged<'Emph' | 'Underline' | 'Strong' | 'Strikeout' | 'Superscript' | 'Subscript' | 'SmallCaps', Inline[]>
  | Tagged<'Quoted', [{ t: 'SingleQuote' | 'DoubleQuote' }, Inline[]]>
  | Tagged<'Cite', [unknown[], Inline[]]>
  | Tagged<'Code', [Attr, string]>
  | Tagged<'Math', [{ t: 'DisplayMath' | 'InlineMath' }, string]>
  | Tagged<'RawInline', [format: string, text: string]>
  | Tagged<'Link', [Attr, Inline[], Target]>
  | Tagged<'Image', [Attr, Inline[], Target]>
  | Tagged<'Note', Block[]>
  | Tagged<'Span', [Attr, Inline[]]>;

type Alignment = { t: 'AlignLeft' | 'AlignRight' | 'AlignCenter' | 'AlignDefault' };
type ColSpec = [Alignment, { t: 'ColWidth'; c: number } | { t: 'ColWidthDefault' }];
export type Cell = [Attr, Alignment, rowSpan: number, colSpan: number, Block[]];
export type Row = [Attr, Cell[]];
type TableHead = [Attr, Row[]];
type TableBody = [Attr, rowHeadColumns: number, head: Row[], body: Row[]];
type TableFoot = [Attr, Row[]];
type Caption = [short: Inline[] | null, Block[]];

export type Block =
  | Tagged<'Plain' | 'Para', Inline[]>
  | Tagged<'LineBlock', Inline[][]>
  | Tagged<'CodeBlock', [Attr, string]>
  | Tagged<'RawBlock', [format: string, text: string]>
  | Tagged<'BlockQuote', Block[]>
  | Tagged<'OrderedList', [[number, { t: string }, { t: string }], Block[][]]>
  | Tagged<'BulletList', Block[][]>
  | Tagged<'DefinitionList', [Inline[], Block[][]][]>
  | Tagged<'Header', [level: number, Attr, Inline[]]>
  | Tagged<'HorizontalRule'>
  | Tagged<'Table', [Attr, Caption, ColSpec[], TableHead, TableBody[], TableFoot]>
  | Tagged<'Figure', [Attr, Caption, Block[]]>
  | Tagged<'Div', [Attr, Block[]]>;

export interface PandocDocument {
  'pandoc-api-version': number[];
  meta: Record<string, unknown>;
  blocks: Block[];
}

export const emptyAttr = (): Attr => ['', [], []];

/** The value of a key=value attribute. */
export function attrValue(attr: Attr, key: string): string | undefined {
  return attr[2].find(([k]) => k === key)?.[1];
}

export interface AstVisitor {
  /** Called on each block after its children; may return several blocks, or none. */
  block?: (block: Block) => Block | Block[];
  /** Called on each inline after its children; may return several inlines, or none. */
  inline?: (inline: Inline) => Inline | Inline[];
}

/** Rebuilds blocks bottom-up through the visitor (children first, then the element). */
export function transformBlocks(blocks: Block[], visitor: AstVisitor): Block[] {
  return blocks.flatMap((block) => {
    const rebuilt = transformBlockChildren(block, visitor);
    return visitor.block ? visitor.block(rebuilt) : rebuilt;
  });
}

function transformInlines(inlines: Inline[], visitor: AstVisitor): Inline[] {
  return inlines.flatMap((inline) => {
    const rebuilt = transformInlineChildren(inline, visitor);
    return visitor.inline ? visitor.inline(rebuilt) : rebuilt;
  });
}

function transformCaption(caption: Caption, v: AstVisitor): Caption {
  return [caption[0] ? transformInlines(caption[0], v) : null, transformBlocks(caption[1], v)];
}

function transformRows(rows: Row[], v: AstVisitor): Row[] {
  return rows.map(([attr, cells]) => [
    attr,
    cells.map(([cAttr, align, rs, cs, content]): Cell => [cAttr, align, rs, cs, transformBlocks(content, v)]),
  ]);
}

function transformBlockChildren(block: Block, v: AstVisitor): Block {
  switch (block.t) {
    case 'Plain':
    case 'Para':
      return { t: block.t, c: transformInlines(block.c, v) };
    case 'LineBlock':
      return { t: 'LineBlock', c: block.c.map((line) => transformInlines(line, v)) };
    case 'BlockQuote':
      return { t: 'BlockQuote', c: transformBlocks(block.c, v) };
    case 'OrderedList':
      return { t: 'OrderedList', c: [block.c[0], block.c[1].map((item) => transformBlocks(item, v))] };
    case 'BulletList':
      return { t: 'BulletList', c: block.c.map((item) => transformBlocks(item, v)) };
    case 'DefinitionList':
      return {
        t: 'DefinitionList',
        c: block.c.map(([term, defs]): [Inline[], Block[][]] => [transformInlines(term, v), defs.map((d) => transformBlocks(d, v))]),
      };
    case 'Header':
      return { t: 'Header', c: [block.c[0], block.c[1], transformInlines(block.c[2], v)] };
    case 'Table': {
      const [attr, caption, specs, head, bodies, foot] = block.c;
      return {
        t: 'Table',
        c: [
          attr,
          transformCaption(caption, v),
          specs,
          [head[0], transformRows(head[1], v)],
          bodies.map(([bAttr, n, h, b]): TableBody => [bAttr, n, transformRows(h, v), transformRows(b, v)]),
          [foot[0], transformRows(foot[1], v)],
        ],
      };
    }
    case 'Figure':
      return { t: 'Figure', c: [block.c[0], transformCaption(block.c[1], v), transformBlocks(block.c[2], v)] };
    case 'Div':
      return { t: 'Div', c: [block.c[0], transformBlocks(block.c[1], v)] };
    default:
      return block;
  }
}

function transformInlineChildren(inline: Inline, v: AstVisitor): Inline {
  switch (inline.t) {
    case 'Emph':
    case 'Underline':
    case 'Strong':
    case 'Strikeout':
    case 'Superscript':
    case 'Subscript':
    case 'SmallCaps':
      return { t: inline.t, c: transformInlines(inline.c, v) };
    case 'Quoted':
      return { t: 'Quoted', c: [inline.c[0], transformInlines(inline.c[1], v)] };
    case 'Cite':
      return { t: 'Cite', c: [inline.c[0], transformInlines(inline.c[1], v)] };
    case 'Link':
      return { t: 'Link', c: [inline.c[0], transformInlines(inline.c[1], v), inline.c[2]] };
    case 'Image':
      return { t: 'Image', c: [inline.c[0], transformInlines(inline.c[1], v), inline.c[2]] };
    case 'Note':
      return { t: 'Note', c: transformBlocks(inline.c, v) };
    case 'Span':
      return { t: 'Span', c: [inline.c[0], transformInlines(inline.c[1], v)] };
    default:
      return inline;
  }
}

/** The text of inlines, formatting dropped ("\n" for a line break, notes left out). */
export function inlineText(inlines: Inline[]): string {
  let out = '';
  for (const inline of inlines) {
    switch (inline.t) {
      case 'Str':
        out += inline.c;
        break;
      case 'Space':
      case 'SoftBreak':
        out += ' ';
        break;
      case 'LineBreak':
        out += '\n';
        break;
      case 'Code':
      case 'Math':
      case 'RawInline':
        out += inline.c[1];
        break;
      case 'Quoted': {
        const [open, close] = inline.c[0].t === 'SingleQuote' ? ['‘', '’'] : ['“', '”'];
        out += open + inlineText(inline.c[1]) + close;
        break;
      }
      case 'Cite':
      case 'Span':
      case 'Link':
      case 'Image':
        out += inlineText(inline.c[1]);
        break;
      case 'Note':
        break;
      default:
        out += inlineText(inline.c);
    }
  }
  return out;
}

/** The text of blocks, paragraphs separated by "\n". */
export function blockText(blocks: Block[]): string {
  return blocks
    .map((block): string => {
      switch (block.t) {
        case 'Plain':
        case 'Para':
          return inlineText(block.c);
        case 'Header':
          return inlineText(block.c[2]);
        case 'CodeBlock':
        case 'RawBlock':
          return block.c[1];
        case 'BlockQuote':
          return blockText(block.c);
        case 'Div':
          return blockText(block.c[1]);
        case 'BulletList':
          return block.c.map((item) => blockText(item)).join('\n');
        case 'OrderedList':
          return block.c[1].map((item) => blockText(item)).join('\n');
        case 'LineBlock':
          return block.c.map((line) => inlineText(line)).join('\n');
        default:
          return '';
      }
    })
    .filter((text) => text !== '')
    .join('\n');
}
