/**
 * The front-matter table back to YAML. It is read from the table as Word had it
 * (lists in cells), not as flattened for a Markdown table.
 */
import { Document, isSeq, parse as parseYaml, visit } from 'yaml';
import { LIST_KEYS } from '../docx-layout.ts';
import { blockText, type Block, type Cell, type Row } from '../pandoc/ast.ts';
import { isBlank } from './inlines.ts';
import { IMPORT_CODE, type ImportReport } from './report.ts';
import type { TableBlock } from './tables.ts';

/** Class of the Div that stands for the `cb-front-matter` instruction paragraph. */
const FRONT_MATTER_CLASS = 'cb-front-matter';

export const frontMatterMarker = (): Block => ({ t: 'Div', c: [['', [FRONT_MATTER_CLASS], []], []] });

export const isFrontMatterMarker = (block: Block): boolean => block.t === 'Div' && block.c[0][1][0] === FRONT_MATTER_CLASS;

/** The front-matter table: YAML keys on the left, values on the right. Null if this table is not one. */
export function frontMatterFrom(block: TableBlock, report: Pick<ImportReport, 'bag' | 'relPath'>): Record<string, unknown> | null {
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
      report.bag.warn({ code: IMPORT_CODE, message: `front-matter row "${key}" is not a YAML key: left out`, file: report.relPath });
      continue;
    }
    const value = valueCell ? cellValue(valueCell) : null;
    data[key] =
      LIST_KEYS.has(key) && typeof value === 'string'
        ? value
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean)
        : value;
  }
  return 'title' in data ? data : null;
}

function cellValue(cell: Cell): unknown {
  const blocks = cell[4].flatMap((b) => (b.t === 'Div' ? b.c[1] : [b]));
  if (blocks.length === 0 || blockText(blocks).trim() === '') return null;
  const only = blocks.length === 1 ? (blocks[0] ?? null) : null;
  if (only && (only.t === 'BulletList' || only.t === 'OrderedList')) {
    const items = only.t === 'BulletList' ? only.c : only.c[1];
    return items.map((item) => blockText(item).replace(/\s+/g, ' ').trim()).filter((s) => s !== '');
  }
  if (only && (only.t === 'Plain' || only.t === 'Para')) {
    const parts = only.c.filter((i) => !isBlank(i));
    if (parts.length === 1 && parts[0]?.t === 'Code') {
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
export function frontMatterYaml(data: Record<string, unknown>): string {
  const doc = new Document(data);
  visit(doc, {
    Seq(_, node) {
      if (!isSeq(node)) return;
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- only scalars have a value: text, a number, a boolean
      const items = node.items.map((item) => String((item as { value?: unknown }).value ?? ''));
      node.flow = items.join(', ').length <= 60 && items.every((s) => !s.includes('\n'));
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
