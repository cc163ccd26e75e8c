/** A resolved BookConfig for unit tests: the defaults of book.yaml, participant and trainer editions. */
import path from 'node:path';
import type { BookConfig } from '../../src/config/types.ts';
import { resolvePrint } from '../../src/config/resolve-print.ts';

export function testBookConfig(root: string, overrides: Partial<BookConfig> = {}): BookConfig {
  return {
    root,
    file: path.join(root, 'book.yaml'),
    title: 'Gérer une IMF',
    subtitle: '',
    authors: [],
    publisher: '',
    languages: ['fr'],
    editions: [
      { name: 'participant', label: {}, includes: ['participant'] },
      { name: 'trainer', label: {}, includes: ['trainer', 'answer'] },
    ],
    page: {
      size: 'A4',
      widthMm: 210,
      heightMm: 297,
      gutterMm: 8,
      margins: { topMm: 22, bottomMm: 24, innerMm: 20, outerMm: 18 },
      bleedMm: 0,
      marks: 'none',
      paperThicknessMm: 0.1,
    },
    toc: { depth: 2 },
    print: resolvePrint(undefined, () => ({ file: 'book.yaml', line: 1, column: 1 })),
    keywords: [],
    translations: {},
    blocks: {},
    ...overrides,
  };
}
