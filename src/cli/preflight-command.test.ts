import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { main } from './main.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-preflight-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI, capturing what it writes. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('coursebook preflight', () => {
  it('prints each violation with its page and a hint, as text or JSON, and exits 1', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 2; i++) doc.addPage([595, 842]).drawText('Hello', { font: await doc.embedFont(StandardFonts.Helvetica) });
    const file = path.join(dir, 'book.pdf');
    fs.writeFileSync(file, await doc.save());

    const text = await run(['preflight', file, '--root', dir]);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/error preflight\/font-not-embedded .*book\.pdf: page 1: font Helvetica is not embedded\n {2}hint: /);

    const json = await run(['preflight', file, '--target', 'kdp', '--reporter', 'json']);
    expect(json.code).toBe(1);
    const codes = (JSON.parse(json.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'preflight/font-not-embedded',
        'preflight/no-trimbox',
        'preflight/page-count',
        'preflight/output-intent',
        'preflight/xmp',
      ]),
    );
  });

  it('exits 0 on a file with nothing to report, and refuses an unknown target', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    doc.addPage([595, 842]);
    const file = path.join(dir, 'blank.pdf');
    fs.writeFileSync(file, await doc.save());
    expect((await run(['preflight', file, '--root', dir])).code).toBe(0);
    const wrong = await run(['preflight', file, '--target', 'luluu']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/Allowed choices are office, offset, lulu, kdp, ingramspark/);
  });

  it("takes the target and colour from the course's book.yaml when not given", async () => {
    const course = fs.mkdtempSync(path.join(dir, 'course-'));
    fs.writeFileSync(path.join(course, 'book.yaml'), 'title: T\nlanguages: [en]\nprint:\n  target: lulu\n  color: gray\n');
    const doc = await PDFDocument.create();
    doc
      .addPage([595, 842])
      .drawRectangle({ x: 10, y: 10, width: 5, height: 5, color: { type: 'RGB', red: 1, green: 0, blue: 0 } as never });
    doc.addPage([595, 842]);
    const file = path.join(dir, 'colour.pdf');
    fs.writeFileSync(file, await doc.save());
    const result = await run(['preflight', file, '--root', course]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/preflight\/color-in-gray/);
    expect(result.stderr).toMatch(/coursebook: preflight \(lulu, gray\)/);
  });
});
