/**
 * Fence lines back to coursebook's fenced divs. A paragraph is a fence line if its
 * text starts with ":::" (the style alone is not enough: a paragraph in a fence's
 * style may be text typed after Enter); the paragraph style, when it is a div
 * style, names the div even if the translator translated the name.
 *
 * The per-paragraph pass (word-styles.ts) turns fence lines into marker Divs; the
 * top-level pass (to-coursebook.ts) balances them into Markdown fence lines.
 * Markers left inside lists or table cells are no fences: their text stays.
 */
import { FENCE_CLOSER, FENCE_OPENER, STYLE } from '../docx-layout.ts';
import { attrValue, transformBlocks, type Block } from '../pandoc/ast.ts';
import { IMPORT_CODE, type ImportReport } from './report.ts';

interface Fence {
  kind: 'open' | 'close';
  name?: string;
  title?: string;
  /** The paragraph's text. */
  line: string;
}

/** Class of the marker Divs that stand for fence lines between the two passes. */
const FENCE_CLASS = 'cb-fence';

type DivBlock = Extract<Block, { t: 'Div' }>;

/** The fence a paragraph with this style and text stands for, or null if it is text. */
export function fenceOf(style: string, text: string): Fence | null {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line.startsWith(':::')) return null;
  if (FENCE_CLOSER.test(line)) return { kind: 'close', line };
  const styled = /^cb-([A-Za-z][\w-]*)$/.exec(style)?.[1];
  const isDivStyle = styled !== undefined && !(Object.values(STYLE) as string[]).includes(style);
  const match = FENCE_OPENER.exec(line);
  if (isDivStyle) return { kind: 'open', name: styled.toLowerCase(), title: match ? (match[2] ?? '') : line.replace(/^:+\s*/, ''), line };
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
  return match ? { kind: 'open', name: match[1]!.toLowerCase(), title: match[2] ?? '', line } : null;
}

export function fenceMarker(fence: Fence): Block {
  const attrs: [string, string][] = [
    ['kind', fence.kind],
    ['line', fence.line],
  ];
  if (fence.name) attrs.push(['name', fence.name]);
  if (fence.title) attrs.push(['title', fence.title]);
  return { t: 'Div', c: [['', [FENCE_CLASS], attrs], []] };
}

export function isFenceMarker(block: Block | undefined): block is DivBlock {
  return block?.t === 'Div' && block.c[0][1][0] === FENCE_CLASS;
}

/** The paragraph text a fence marker was made from. */
export const markerLine = (marker: DivBlock): string => attrValue(marker.c[0], 'line') ?? '';

export function fenceFromMarker(marker: DivBlock): Fence {
  const attr = marker.c[0];
  const fence: Fence = { kind: attrValue(attr, 'kind') === 'close' ? 'close' : 'open', line: markerLine(marker) };
  const name = attrValue(attr, 'name');
  const title = attrValue(attr, 'title');
  if (name) fence.name = name;
  if (title) fence.title = title;
  return fence;
}

/** Turns the top-level fences, in document order, into balanced Markdown fence lines. */
export class FenceBalancer {
  private depth = 0;

  constructor(private readonly report: ImportReport) {}

  /** The Markdown line for a fence; nothing for a closer that closes no div (reported). */
  place(fence: Fence): Block[] {
    if (fence.kind === 'open') {
      this.depth++;
      return [rawBlock(`::: ${fence.name}${fence.title ? ` ${fence.title}` : ''}`)];
    }
    if (this.depth === 0) {
      const { bag, shown, relPath } = this.report;
      bag.warn({ code: IMPORT_CODE, message: `${shown}: a ":::" line closes no fenced div: left out`, file: relPath });
      return [];
    }
    this.depth--;
    return [rawBlock(':::')];
  }

  /** Closers for the divs still open at the end of the chapter (reported). */
  closeAll(): Block[] {
    if (this.depth === 0) return [];
    const { bag, shown, relPath } = this.report;
    bag.warn({
      code: IMPORT_CODE,
      message: `${shown}: ${this.depth} fenced div(s) not closed: ":::" added at the end of the chapter`,
      file: relPath,
      hint: 'check where the trainer, exercise or answer blocks end',
    });
    const closers = Array.from({ length: this.depth }, () => rawBlock(':::'));
    this.depth = 0;
    return closers;
  }
}

/** pandoc writes raw blocks one under the other: a blank line between them, save between closers. */
export function spaceRawBlocks(blocks: Block[]): Block[] {
  const isCloser = (b: Block | undefined): boolean => b?.t === 'RawBlock' && b.c[1] === ':::';
  return blocks.map((b, i): Block => {
    const previous = blocks[i - 1];
    if (b.t !== 'RawBlock' || previous?.t !== 'RawBlock' || (isCloser(b) && isCloser(previous))) return b;
    return { t: 'RawBlock', c: [b.c[0], `\n${b.c[1]}`] };
  });
}

/** A fence line inside a list or a table cell is no fence: its text stays. */
export function unfenceNested(blocks: Block[]): Block[] {
  return transformBlocks(blocks, {
    block: (b) => (isFenceMarker(b) ? { t: 'Para', c: [{ t: 'Str', c: markerLine(b) }] } : b),
  });
}

const rawBlock = (markdown: string): Block => ({ t: 'RawBlock', c: ['markdown', markdown] });
