/**
 * Issue 13 end to end: a lesson written in Carpentries Workbench style
 * (test/fixtures/workbench-course: `:::::::: challenge`, `::: solution`,
 * `::: instructor`, `{alt='…'}` images, `teaching:`/`exercises:` front matter,
 * the `blocks:` map of the issue) builds as it is, and its PDFs carry what a
 * reader and a printer expect: alternate texts in the structure tree, math as
 * text in a math font, highlighted code in colour, links between chapters with
 * their true pages; and the same lesson printed in gray (`print.color: gray`)
 * has no colour left in any content stream, its code still highlighted in grays.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../src/build.ts';
import { fontsEmbedded, openPdf, readPdf, searchableText, type ReadPdf } from '../helpers/read-pdf.ts';
import { contentOperators } from '../helpers/content-operators.ts';
import { PROJECT_ROOT } from './sample-paths.ts';

const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/workbench-course');
let out: string;
const pdfs = new Map<string, ReadPdf>();
let grayOut: string;
let notes: { code: string; severity: string }[] = [];

beforeAll(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-workbench-'));
  fs.cpSync(FIXTURE, root, { recursive: true });
  out = path.join(root, 'output');
  const result = await build({ root, outDir: out, cache: false });
  notes = result.diagnostics;
  for (const name of ['en/participant', 'en/trainer']) pdfs.set(name, await readPdf(path.join(out, `${name}.pdf`)));
  // The same lesson for a black-and-white printer: the participant edition is enough.
  const grayRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-workbench-gray-'));
  fs.cpSync(FIXTURE, grayRoot, { recursive: true });
  fs.appendFileSync(path.join(grayRoot, 'book.yaml'), 'print:\n  color: gray\n');
  grayOut = path.join(grayRoot, 'output');
  await build({ root: grayRoot, outDir: grayOut, cache: false, editions: ['participant'] });
}, 240_000);

type StructNode = { role?: string; alt?: string; lang?: string; children?: StructNode[] };

/** The /Alt (or, with `key` 'lang', the /Lang) values of a PDF's structure tree, every page. */
async function alternateTexts(file: string, key: 'alt' | 'lang' = 'alt'): Promise<string[]> {
  const doc = await openPdf(file);
  const alts: string[] = [];
  const visit = (node: StructNode | null | undefined): void => {
    if (!node) return;
    const value = node[key];
    if (value) alts.push(value);
    for (const child of node.children ?? []) visit(child);
  };
  for (let n = 1; n <= doc.numPages; n++) visit((await (await doc.getPage(n)).getStructTree()) as StructNode);
  await doc.destroy();
  return alts;
}

/** Fill colours (as #rrggbb) the text of a PDF is painted in. */
async function fillColours(file: string): Promise<Set<string>> {
  const { OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await openPdf(file);
  const colours = new Set<string>();
  const hex = (v: number) =>
    Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  for (let n = 1; n <= doc.numPages; n++) {
    const ops = await (await doc.getPage(n)).getOperatorList();
    ops.fnArray.forEach((fn, i) => {
      if (fn !== OPS.setFillRGBColor) return;
      const args = ops.argsArray[i] as unknown[];
      colours.add(typeof args[0] === 'string' ? args[0].toLowerCase() : `#${(args as number[]).map(hex).join('')}`);
    });
  }
  await doc.destroy();
  return colours;
}

describe('a Carpentries Workbench lesson', () => {
  test('builds as it is: aliases, fences of any length, front-matter keys noted once each', () => {
    expect(notes.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(notes.filter((d) => d.code === 'content/front-matter-key')).toHaveLength(2);
    const participant = searchableText(pdfs.get('en/participant')!);
    const trainer = searchableText(pdfs.get('en/trainer')!);
    expect(participant).toContain('Exercise 1.1 — Finding the closed files');
    expect(participant).toContain('Questions');
    expect(participant).not.toContain('Options 1 and 3');
    expect(participant).not.toContain('Learners often type');
    expect(trainer).toContain('Options 1 and 3');
    expect(trainer).toContain('Learners often type');
  });

  test('figure and formula alternate texts are in the structure tree', async () => {
    const alts = await alternateTexts(path.join(out, 'en/participant.pdf'));
    expect(alts).toContain('Diagram: the loans folder holds a 2026 folder and an archive folder');
    expect(alts).toContain('M = P \\, \\frac{r}{1 - (1 + r)^{-n}}');
    expect(alts).toContain('P');
  });

  test("a span's language reaches the structure tree", async () => {
    expect(await alternateTexts(path.join(out, 'en/participant.pdf'), 'lang')).toContain('fr');
  });

  test('equations are set as text in the math font, numbered, with a cross-reference to their page', () => {
    const book = pdfs.get('en/participant')!;
    const page = book.pages.findIndex((p) => p.text.includes('(1.1)'));
    expect(page).toBeGreaterThan(0);
    expect(searchableText(book)).toMatch(new RegExp(`given by Equation \\(1\\.1\\) on page ${book.labels![page]}`));
  });

  test('the math and code fonts are embedded', async () => {
    const names = (await fontsEmbedded(path.join(out, 'en/participant.pdf'))).map((f) => f.name);
    expect(names.some((n) => /NotoSansMath/.test(n))).toBe(true);
    expect(names.some((n) => /DejaVu.*Mono/.test(n))).toBe(true);
  });

  test('code is highlighted in colour, with the box-drawing tree printed as text', async () => {
    const colours = await fillColours(path.join(out, 'en/participant.pdf'));
    expect(colours).toContain('#1a3d8f'); // keywords: cd, ls
    expect(colours).toContain('#2e6b1f'); // strings
    expect(searchableText(pdfs.get('en/participant')!)).toContain('├── 2026');
  });

  test('printed in gray: no colour operator in any content stream, the code in several grays', async () => {
    const ops = await contentOperators(path.join(grayOut, 'en/participant.pdf'));
    expect(ops.filter((op) => / (rg|RG|k|K|sc|scn|SC|SCN|cs|CS)$/.test(op))).toEqual([]);
    const grays = new Set(ops.filter((op) => / g$/.test(op)));
    expect(grays.size).toBeGreaterThan(3); // text black, keywords, strings, comments… stay apart
    expect(searchableText(await readPdf(path.join(grayOut, 'en/participant.pdf')))).toContain('├── 2026');
  });

  test('links between chapters print the page their target is on', () => {
    const book = pdfs.get('en/participant')!;
    const text = searchableText(book);
    const chapter2 = book.pages.findIndex((p) => p.lines.some((l) => l.text === 'Creating files'));
    const naming = book.pages.findIndex((p) => p.lines.some((l) => l.text === '2.2 Naming files'));
    const chapter1 = book.pages.findIndex((p) => p.lines.some((l) => l.text === 'Navigating the branch files'));
    expect(chapter2).toBeGreaterThan(chapter1);
    // The folio is stamped into a fixed-width slot: a space may follow it.
    expect(text).toMatch(new RegExp(`creating files \\(page ${book.labels![chapter2]} ?\\)`));
    expect(text).toMatch(new RegExp(`their names \\(page ${book.labels![naming]} ?\\)`));
    expect(text).toMatch(new RegExp(`Back to the start \\(page ${book.labels![chapter1]} ?\\)`));
  });
});
