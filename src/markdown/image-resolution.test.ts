import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { testBookConfig } from '../../test/helpers/book-config.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { parseChapter } from './parse-chapter.ts';
import { textTransformsFor } from './text-transform.ts';
import { printedPpi, rasterSize } from './image-resolution.ts';

/** The first bytes of a PNG: signature and IHDR with its size. */
function pngHeader(width: number, height: number): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return header;
}
/** A JPEG start: SOI, an APP0 segment, then SOF0 with the frame size. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x04, 0x00, 0x00]);
  const sof = Buffer.alloc(11);
  sof.writeUInt16BE(0xffc0, 0);
  sof.writeUInt16BE(11, 2);
  sof[4] = 8;
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof]);
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-ppi-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('picture resolution at its printed size', () => {
  const config = testBookConfig(root);
  // A4, margins 20 + 18 + gutter 8: a 164 mm (6.46 in) column.

  it('reads PNG and JPEG pixel sizes from their headers', () => {
    expect(rasterSize(pngHeader(1200, 800))).toEqual({ width: 1200, height: 800 });
    expect(rasterSize(jpegHeader(640, 480))).toEqual({ width: 640, height: 480 });
    expect(rasterSize(Buffer.from('<svg/>'))).toBeNull();
  });

  it('a picture narrower than the column prints at 96 ppi; a wide one is shrunk to the column', () => {
    expect(printedPpi({ width: 400, height: 300 }, config)).toBeCloseTo(96, 0);
    expect(printedPpi({ width: 3000, height: 1000 }, config)).toBeCloseTo(3000 / (164 / 25.4), 0);
  });

  it('a coarse picture in a chapter is a warning at its line; a fine one is not', () => {
    fs.mkdirSync(path.join(root, 'content/en/images'), { recursive: true });
    fs.writeFileSync(path.join(root, 'content/en/images/coarse.png'), pngHeader(600, 400));
    fs.writeFileSync(path.join(root, 'content/en/images/fine.jpg'), jpegHeader(2400, 1600));
    const bag = new DiagnosticBag();
    parseChapter(
      {
        file: path.join(root, 'content/en/01-intro.md'),
        relPath: 'content/en/01-intro.md',
        name: '01-intro.md',
        lang: 'en',
        frontMatter: { title: 'Intro' },
        body: 'Text.\n\n![Coarse](images/coarse.png){#fig:coarse}\n\n![Fine](images/fine.jpg){#fig:fine}\n',
        bodyStartLine: 4,
        frontMatterLines: { title: 2 },
        fallback: false,
      },
      1,
      { config, edition: config.editions[0]!, bag, transformsFor: (l) => textTransformsFor(l) },
    );
    expect(bag.warnings).toEqual([
      expect.objectContaining({
        code: 'markdown/image-resolution',
        file: 'content/en/01-intro.md',
        line: 6,
        message: 'picture of 600 × 400 px prints at 96 ppi',
      }),
    ]);
    expect(bag.warnings[0]!.hint).toMatch(/at least 1875 px wide/);
  });
});
