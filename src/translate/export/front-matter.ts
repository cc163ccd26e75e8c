/**
 * The chapter's front matter as the DOCX opens with it: the instruction paragraph,
 * then a key/value table (text to translate as text and bulleted lists, anything
 * else as a YAML value in code style).
 */
import { stringify } from 'yaml';
import { FRONT_MATTER_NOTE, STYLE, UNTRANSLATED_KEYS } from '../docx-layout.ts';
import { emptyAttr, type Block, type Cell, type Row } from '../pandoc/ast.ts';
import { styledPara, textInlines } from './styled.ts';

const cell = (blocks: Block[]): Cell => [emptyAttr(), { t: 'AlignDefault' }, 1, 1, blocks];
const code = (text: string): Block[] => [{ t: 'Plain', c: [{ t: 'Code', c: [emptyAttr(), text] }] }];

export function frontMatterBlocks(data: Record<string, unknown>): Block[] {
  const rows: Row[] = Object.entries(data).map(([key, value]): Row => [emptyAttr(), [cell(code(key)), cell(valueBlocks(key, value))]]);
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

function valueBlocks(key: string, value: unknown): Block[] {
  if (value === null || value === undefined || value === '') return [];
  if (!UNTRANSLATED_KEYS.has(key)) {
    if (typeof value === 'string') return [{ t: 'Plain', c: textInlines(value) }];
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
      return [{ t: 'BulletList', c: value.map((item) => [{ t: 'Plain', c: textInlines(item) }]) }];
    }
  }
  return code(stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trim());
}
