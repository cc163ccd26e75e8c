import { afterAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, rgb } from 'pdf-lib';
import { diffPdfs } from './diff-pdfs.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-diff-unit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A PDF of one page per text; `boxOn` draws a dark box on that page (a picture, no words). */
async function write(name: string, texts: string[], boxOn: number | null = null): Promise<string> {
  const doc = await PDFDocument.create();
  texts.forEach((text, i) => {
    const page = doc.addPage([300, 400]);
    page.drawText(text, { x: 30, y: 300, size: 14 });
    if (i === boxOn) page.drawRectangle({ x: 30, y: 120, width: 200, height: 100, color: rgb(0.1, 0.2, 0.5) });
  });
  const file = path.join(dir, name);
  fs.writeFileSync(file, await doc.save());
  return file;
}

describe('diffPdfs', () => {
  it('finds a page whose words are the same but whose picture changed, and marks it in the images', async () => {
    const before = await write('a.pdf', ['First page', 'Second page', 'Third page']);
    const after = await write('b.pdf', ['First page', 'Second page', 'Third page'], 1);
    const result = await diffPdfs('book.pdf', before, after, path.join(dir, 'images'));
    expect(result.added).toEqual([]);
    expect(result.removed).toEqual([]);
    expect(result.changed.map((p) => [p.old, p.new])).toEqual([[1, 1]]);
    expect(result.changed[0]!.changedPixels).toBeGreaterThan(1000);
    for (const image of Object.values(result.changed[0]!.images)) expect(fs.existsSync(image)).toBe(true);
  });

  it('reports an inserted page as added and the same pages after it as unchanged', async () => {
    const before = await write('c.pdf', ['Alpha text', 'Beta text', 'Gamma text']);
    const after = await write('d.pdf', ['Alpha text', 'New text', 'Beta text', 'Gamma text']);
    const result = await diffPdfs('book.pdf', before, after, path.join(dir, 'images2'));
    expect(result.added.map((p) => p.new)).toEqual([1]);
    expect(result.changed).toEqual([]);
    expect(result.removed).toEqual([]);
  });
});
