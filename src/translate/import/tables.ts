/**
 * Word tables back to the GitHub tables coursebook reads: cells of one line, and
 * the caption as coursebook's `Table: Caption {#tbl:id}` line after the table.
 */
import { blockText, emptyAttr, type Block, type Cell, type Inline, type Row } from '../pandoc/ast.ts';
import { captionInlines, finishInlines, raw, takeId } from './inlines.ts';

export type TableBlock = Extract<Block, { t: 'Table' }>;

/** The table, then its caption line if it has a caption. */
export function table(block: TableBlock): Block[] {
  const [, caption, specs, rawHead, rawBodies, rawFoot] = block.c;
  const head: typeof rawHead = [rawHead[0], flattenRows(rawHead[1])];
  const bodies = rawBodies.map(([a, n, h, b]): (typeof rawBodies)[number] => [a, n, flattenRows(h), flattenRows(b)]);
  const foot: typeof rawFoot = [rawFoot[0], flattenRows(rawFoot[1])];
  const { id, rest } = takeId(captionInlines(caption[1]));
  const captionText = finishInlines(rest);
  const plain: Block = {
    t: 'Table',
    c: [emptyAttr(), [null, []], specs.map(([align]) => [align, { t: 'ColWidthDefault' }]), head, bodies, foot],
  };
  if (captionText.length === 0) return [plain];
  const line: Inline[] = [{ t: 'RawInline', c: ['markdown', 'Table: '] }, ...captionText];
  if (id) line.push({ t: 'RawInline', c: ['markdown', ` {#${id}}`] });
  return [plain, { t: 'Para', c: line }];
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
