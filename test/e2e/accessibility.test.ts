/**
 * Issue 9 §5 (PDF/UA-1 structure), end to end: every output of the sample
 * passes the structure checker; figures carry the Markdown alt text; chapters
 * printed from another language carry their own /Lang; a small course shows
 * the alt-text warning (an error with --strict) and a decorative picture
 * printed as an artifact.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { build, type BuildResult } from '../../src/build.ts';
import { BuildFailedError } from '../../src/diagnostics/diagnostic.ts';
import type { Manifest } from '../../src/report/manifest.ts';
import { checkStructure } from '../../src/report/structure-check.ts';
import { PROJECT_ROOT, SAMPLE_OUT, sampleOutputs } from './sample-paths.ts';

const pdfsUnder = (dir: string): string[] =>
  fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.pdf'))
    .sort()
    .map((name) => path.join(dir, name));

/** Every structure element, depth first, with its role, /Alt, /Lang and the roles below it. */
interface Element {
  role: string;
  alt: string | null;
  lang: string | null;
  below: string[];
}

async function structureElements(file: string): Promise<Element[]> {
  const doc = await PDFDocument.load(fs.readFileSync(file), { updateMetadata: false });
  const str = (v: PDFObject | undefined) => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : null);
  const out: Element[] = [];
  const visit = (value: PDFObject | undefined): string[] => {
    const node = value ? doc.context.lookup(value) : undefined;
    if (node instanceof PDFArray) return node.asArray().flatMap(visit);
    if (!(node instanceof PDFDict) || !(node.get(PDFName.of('S')) instanceof PDFName)) return [];
    const role = (node.get(PDFName.of('S')) as PDFName).decodeText();
    const element: Element = { role, alt: str(node.get(PDFName.of('Alt'))), lang: str(node.get(PDFName.of('Lang'))), below: [] };
    out.push(element);
    element.below = visit(node.get(PDFName.of('K')));
    return [role, ...element.below];
  };
  visit(doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict).get(PDFName.of('K')));
  return out;
}

describe('the sample outputs', () => {
  const outputs = sampleOutputs();

  test.each(outputs.map((file) => [path.relative(path.dirname(SAMPLE_OUT), file), file]))(
    '%s: the structure checker finds nothing',
    async (_name, file) => {
      expect(await checkStructure(fs.readFileSync(file))).toEqual([]);
    },
  );

  test('every Figure of the French participant book has the alt text of its Markdown image', async () => {
    const markdownAlts = fs
      .readdirSync(path.join(PROJECT_ROOT, 'content/fr'))
      .filter((name) => name.endsWith('.md') && name !== '08-session-plans.md')
      .flatMap((name) =>
        [...fs.readFileSync(path.join(PROJECT_ROOT, 'content/fr', name), 'utf8').matchAll(/^!\[([^\]]+)\]\(/gm)].map((m) => m[1]!),
      );
    const figures = (await structureElements(path.join(SAMPLE_OUT, 'fr/participant.pdf'))).filter((e) => e.role === 'Figure');
    expect(figures.length).toBeGreaterThan(5);
    // Each picture is one Figure with its alt text; the other Figures are formulas (MathML, /Alt = the TeX).
    expect(figures.filter((f) => !f.alt)).toEqual([]);
    expect(
      figures
        .map((f) => f.alt!)
        .filter((alt) => markdownAlts.includes(alt))
        .sort(),
    ).toEqual(markdownAlts.sort());
    // Tables are not figures.
    expect(figures.filter((f) => f.below.includes('Table'))).toEqual([]);
  });

  test('each chapter of the Arabic book printed from French carries /Lang fr, around its own H1', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(SAMPLE_OUT, 'manifest.json'), 'utf8')) as Manifest;
    for (const edition of ['participant', 'trainer']) {
      const entry = manifest.outputs.find((o) => o.lang === 'ar' && o.kind === 'interior' && o.edition === edition);
      const french = (await structureElements(path.join(SAMPLE_OUT, `ar/${edition}.pdf`))).filter((e) => e.lang === 'fr');
      expect(french.length).toBe(entry?.fallbackChapters?.length);
      for (const chapter of french) expect(chapter.below).toContain('H1');
    }
  });
});

describe('alt text in a small course', () => {
  let root: string;
  let result: BuildResult;
  const svg = (fill: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="200" height="60" fill="${fill}"/></svg>`;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-alt-'));
    const files: Record<string, string> = {
      'book.yaml': 'title: Alt Text\nlanguages: [en]\neditions: [participant]\n',
      'content/en/01-pictures.md': [
        '---',
        'title: Pictures',
        '---',
        '',
        'A described picture follows.',
        '',
        '![Cash flows between the branch and head office](images/flows.svg)',
        '',
        'An ornament that only decorates:',
        '',
        '![](images/rule.svg){.decorative}',
        '',
        'Another, marked the way that needs no attributes:',
        '',
        '![](images/rule.svg "decorative")',
        '',
        'A picture someone forgot to describe:',
        '',
        '![](images/forgotten.svg)',
        '',
      ].join('\n'),
      'content/en/images/flows.svg': svg('#336699'),
      'content/en/images/rule.svg': svg('#999999'),
      'content/en/images/forgotten.svg': svg('#cc6600'),
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    result = await build({ root, outDir: path.join(root, 'output'), cache: false });
  }, 120_000);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('an image without alt text is a warning naming its file and line', () => {
    const warnings = result.diagnostics.filter((d) => d.code === 'markdown/image-without-alt');
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', file: 'content/en/01-pictures.md', line: 19 })]);
    expect(warnings[0]!.hint).toContain('{.decorative}');
  });

  test('with --strict it is an error and nothing is written', async () => {
    const out = path.join(root, 'strict-output');
    await expect(build({ root, outDir: out, cache: false, strict: true })).rejects.toBeInstanceOf(BuildFailedError);
    expect(fs.existsSync(out) ? pdfsUnder(out) : []).toEqual([]);
  });

  test('the described picture is a Figure with its alt text, the decorative one an artifact; only the forgotten one is flagged', async () => {
    const file = path.join(root, 'output/en/participant.pdf');
    const figures = (await structureElements(file)).filter((e) => e.role === 'Figure');
    expect(figures.map((f) => f.alt)).toEqual(['Cash flows between the branch and head office', null]);
    // The decorative picture (grey, #999) is printed, as an artifact.
    const doc = await PDFDocument.load(fs.readFileSync(file), { updateMetadata: false });
    const contents = doc.getPages().flatMap((page) => {
      const value = doc.context.lookup(page.node.get(PDFName.of('Contents')));
      return (value instanceof PDFArray ? value.asArray().map((v) => doc.context.lookup(v)) : [value]).filter(
        (v): v is PDFRawStream => v instanceof PDFRawStream,
      );
    });
    const text = contents.map((stream) => new TextDecoder('latin1').decode(decodePDFRawStream(stream).decode())).join('\n');
    expect(text).toMatch(/\.6 \.6 \.6 rg\s+(?:[^\n]*\n){0,3}?\/Artifact BMC\s+[^\n]*re\s+f/);
    const problems = await checkStructure(fs.readFileSync(file));
    expect(problems.map((p) => p.code)).toEqual(['figure-without-alt']);
    expect(problems[0]!.page).toBeGreaterThan(0);
  });
});
