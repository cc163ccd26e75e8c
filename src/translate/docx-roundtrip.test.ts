import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseFrontMatter } from '../content/front-matter.ts';
import { BuildFailedError, DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { exportDocx } from './export-docx.ts';
import { importDocx } from './import-docx.ts';
import { blockText } from './pandoc/ast.ts';
import { PandocError } from './pandoc/request.ts';
import { pandocToAst, runPandoc } from './pandoc/run.ts';

const BOOK_YAML = `title: Gérer une institution de microfinance
subtitle: Gouvernance, risques et performance
authors:
  - Équipe pédagogique coursebook
languages: [fr, en]
editions: [participant, trainer]
page:
  size: A4
  gutter: 8mm
toc:
  depth: 2
`;

const CHAPTER = `---
title: La gouvernance d'une IMF
duration: 3 h
objectives:
  - Distinguer le rôle du conseil et celui de la direction
  - "Définir : une composition équilibrée"
materials: [Tableau de papier, Étude de cas « Caisse Solidarité »]
method: Exposé interactif et travail en groupes
editions: [trainer, participant]
---

Derrière les crises *graves* de certaines **institutions**, on trouve une [défaillance](https://example.org/gov) de gouvernance[^gov-note]. Coût : 5 $ à 10 $, "guillemets" et l'apostrophe.

## Pourquoi la gouvernance compte {#sec:gov-why}

- l'absence de **propriétaires** ;
- la double mission ;
  - sous-point

1. définir la mission ;
2. recruter le directeur.

| Décision | Conseil | Direction |
|---|---|---|
| Mission | Approuve | Propose |
| Budget annuel | Approuve et suit | Prépare |
Table: Répartition des décisions {#tbl:gov-roles}

Comme l'indique [@tbl:gov-roles], la structure est montrée dans [@fig:gov-structure] (voir [@sec:gov-why]).

![Les organes de gouvernance d'une IMF](images/gov-structure.svg){#fig:gov-structure}

![Une photo](images/photo.png)

::: exercise Étude de cas : la Caisse solidaire
Lisez le cas et répondez.

- Question 1
- Question 2

::: answer
La réponse est **42**.
:::
:::

::: trainer
Prévoir 20 minutes.
:::

::: keypoint
La gouvernance est *essentielle*.
:::

::: participant
Notez vos idées.
:::

\`\`\`
const x = "::: not a div";
\`\`\`

[^gov-note]: Les exigences varient selon les pays.
`;

/** The fenced-div lines of CHAPTER, in order (the ":::" in its code block is not one). */
const CHAPTER_FENCES = [
  '::: exercise Étude de cas : la Caisse solidaire',
  '::: answer',
  ':::',
  ':::',
  '::: trainer',
  ':::',
  '::: keypoint',
  ':::',
  '::: participant',
  ':::',
];

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60"><rect width="120" height="60" fill="#3a4a5c"/><text x="10" y="35" fill="#fff">IMF</text></svg>\n`;
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let root: string;
let outDir: string;
let docxFiles: string[];
let imported: Awaited<ReturnType<typeof importDocx>>;
let markdown: string;
const importBag = new DiagnosticBag();

function writeCourse(dir: string): void {
  fs.mkdirSync(path.join(dir, 'content', 'fr', 'images'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'book.yaml'), BOOK_YAML);
  fs.writeFileSync(path.join(dir, 'content', 'fr', '02-governance.md'), CHAPTER);
  fs.writeFileSync(path.join(dir, 'content', 'fr', 'images', 'gov-structure.svg'), SVG);
  fs.writeFileSync(path.join(dir, 'content', 'fr', 'images', 'photo.png'), PNG);
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-docx-'));
  outDir = path.join(root, 'output');
  writeCourse(root);
  docxFiles = await exportDocx({ root, lang: 'fr', outDir });
  imported = await importDocx({ root, file: docxFiles[0]!, lang: 'en', bag: importBag });
  markdown = fs.readFileSync(imported.markdownFile, 'utf8');
}, 120_000);

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Words of the body, with layout-only differences removed (table padding, list marker spacing, note labels). */
function words(text: string): string[] {
  return text
    .split(/^---$/m)
    .slice(2)
    .join('---')
    .replace(/\[\^[^\]]+\]/g, '[^]')
    .replace(/\|[-|: ]+\|/g, '')
    .replace(/^(\s*)\d+\.\s+/gm, '$1')
    .split(/[\s|]+/)
    .filter(Boolean);
}

describe('export-docx', () => {
  it('writes one DOCX per chapter under <out>/docx/<lang>/', () => {
    expect(docxFiles).toEqual([path.join(outDir, 'docx', 'fr', '02-governance.docx')]);
    expect(fs.readFileSync(docxFiles[0]!).subarray(0, 2).toString()).toBe('PK');
  });

  it('carries divs, ids, cross-references and front matter in Word styles a translator sees', async () => {
    const { doc, mediaFiles } = await pandocToAst({
      input: new Uint8Array(fs.readFileSync(docxFiles[0]!)),
      from: 'docx+styles',
      args: ['--extract-media=m'],
    });
    const json = JSON.stringify(doc.blocks);
    for (const style of [
      'cb-front-matter',
      'cb-exercise',
      'cb-answer',
      'cb-trainer',
      'cb-keypoint',
      'cb-participant',
      'cb-end',
      'cb-id',
      'cb-xref',
    ]) {
      expect(json).toContain(`"custom-style","${style}"`);
    }
    const fenceLines = doc.blocks.flatMap((b) => (b.t === 'Div' && /^cb-/.test(b.c[0][2][0]?.[1] ?? '') ? [blockText(b.c[1])] : []));
    expect(fenceLines).toEqual([expect.stringMatching(/^Chapter front matter: translate the right-hand column/), ...CHAPTER_FENCES]);
    expect(json).toContain('{#fig:gov-structure}');
    expect(json).toContain('[@tbl:gov-roles]');
    // Both pictures are embedded.
    expect(
      Object.keys(mediaFiles)
        .map((f) => path.extname(f))
        .sort(),
    ).toEqual(['.png', '.svg']);
  });

  it('exports only the chapter asked for, and reports a missing one', async () => {
    fs.copyFileSync(path.join(root, 'content', 'fr', '02-governance.md'), path.join(root, 'content', 'fr', '03-other.md'));
    try {
      const one = await exportDocx({ root, lang: 'fr', chapter: '03-other', outDir: path.join(root, 'out-one') });
      expect(one).toEqual([path.join(root, 'out-one', 'docx', 'fr', '03-other.docx')]);
      await expect(exportDocx({ root, lang: 'fr', chapter: '09-none.md', outDir })).rejects.toThrow(/no chapter content\/fr\/09-none\.md/);
    } finally {
      fs.rmSync(path.join(root, 'content', 'fr', '03-other.md'));
    }
  }, 60_000);

  it('fails on an unclosed div or a missing image, writing nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-docx-bad-'));
    try {
      writeCourse(dir);
      fs.writeFileSync(
        path.join(dir, 'content', 'fr', '02-governance.md'),
        `---\ntitle: T\n---\n\n::: trainer\nOpen.\n\n![x](images/none.png)\n`,
      );
      const error = (await exportDocx({ root: dir, lang: 'fr', outDir: path.join(dir, 'out') }).catch(
        (e: unknown) => e,
      )) as BuildFailedError;
      expect(error).toBeInstanceOf(BuildFailedError);
      expect(error.diagnostics.map((d) => d.code)).toEqual(['markdown/unclosed-div']);
      expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);

      fs.writeFileSync(path.join(dir, 'content', 'fr', '02-governance.md'), `---\ntitle: T\n---\n\n![x](images/none.png)\n`);
      await expect(exportDocx({ root: dir, lang: 'fr', outDir: path.join(dir, 'out') })).rejects.toThrow(
        /image "images\/none\.png" not found/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('import-docx', () => {
  it('writes content/<lang>/<name>.md named after the DOCX', () => {
    expect(imported.markdownFile).toBe(path.join(root, 'content', 'en', '02-governance.md'));
    expect(importBag.errors).toEqual([]);
  });

  it('restores the front matter', () => {
    const original = parseFrontMatter(CHAPTER, 'fr', new DiagnosticBag())!;
    const bag = new DiagnosticBag();
    const restored = parseFrontMatter(markdown, 'en', bag);
    expect(bag.items).toEqual([]);
    expect(restored!.data).toEqual(original.data);
    expect(markdown).toMatch(/^---\ntitle: La gouvernance d'une IMF\n/);
    expect(markdown).toContain('editions: [trainer, participant]\n');
  });

  it('keeps every word of the body', () => {
    expect(words(markdown)).toEqual(words(CHAPTER));
  });

  it('restores the fenced divs, nested, with the exercise title', () => {
    const fences = markdown.split('\n').filter((l) => l.startsWith(':::'));
    expect(fences).toEqual(CHAPTER_FENCES);
    // The ":::" inside the code block is code, in a fenced code block.
    expect(markdown).toContain('```\nconst x = "::: not a div";\n```');
  });

  it('keeps ids, cross-references, the footnote, the table and the lists in coursebook Markdown', () => {
    expect(markdown).toContain('## Pourquoi la gouvernance compte {#sec:gov-why}\n');
    expect(markdown).toContain("![Les organes de gouvernance d'une IMF](images/gov-structure.svg){#fig:gov-structure}\n");
    expect(markdown).toContain('![Une photo](images/photo.png)\n');
    expect(markdown).toContain('\nTable: Répartition des décisions {#tbl:gov-roles}\n');
    expect(markdown).toContain(
      "Comme l'indique [@tbl:gov-roles], la structure est montrée dans [@fig:gov-structure] (voir [@sec:gov-why]).",
    );
    expect(markdown).toMatch(/gouvernance\[\^1\]\. Coût : 5 \$ à 10 \$, "guillemets" et l'apostrophe\./);
    expect(markdown).toContain('\n[^1]: Les exigences varient selon les pays.\n');
    expect(markdown).toContain('*graves*');
    expect(markdown).toContain('**institutions**');
    expect(markdown).toContain('[défaillance](https://example.org/gov)');
    expect(markdown).toMatch(/^- la double mission ;\n {2}- sous-point$/m);
    expect(markdown).toMatch(/^1\. +définir la mission ;$/m);
    const rows = markdown
      .split('\n')
      .filter((l) => l.startsWith('|') && !/^\|[-|: ]+\|$/.test(l))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    expect(rows).toEqual([
      ['Décision', 'Conseil', 'Direction'],
      ['Mission', 'Approuve', 'Propose'],
      ['Budget annuel', 'Approuve et suit', 'Prépare'],
    ]);
    expect(markdown).not.toMatch(/<[a-z]+[ >]|custom-style|\\\[@/);
  });

  it('extracts the pictures into content/<lang>/images/ under their names', () => {
    const svg = path.join(root, 'content', 'en', 'images', 'gov-structure.svg');
    const png = path.join(root, 'content', 'en', 'images', 'photo.png');
    expect([...imported.images].sort()).toEqual([svg, png].sort());
    expect(fs.readFileSync(svg, 'utf8')).toBe(SVG);
    expect(fs.readFileSync(png).equals(PNG)).toBe(true);
  });

  it('gives the same file when imported again, and never overwrites a different picture', async () => {
    const again = await importDocx({ root, file: docxFiles[0]!, lang: 'en' });
    expect(fs.readFileSync(again.markdownFile, 'utf8')).toBe(markdown);

    const other = path.join(root, 'content', 'de', 'images', 'photo.png');
    fs.mkdirSync(path.dirname(other), { recursive: true });
    fs.writeFileSync(other, 'not the same picture');
    const bag = new DiagnosticBag();
    const de = await importDocx({ root, file: docxFiles[0]!, lang: 'de', name: '02-gouvernance', bag });
    expect(de.markdownFile).toBe(path.join(root, 'content', 'de', '02-gouvernance.md'));
    expect(fs.readFileSync(other, 'utf8')).toBe('not the same picture');
    expect(fs.readFileSync(de.markdownFile, 'utf8')).toContain('![Une photo](images/photo-2.png)');
    expect(fs.readFileSync(path.join(root, 'content', 'de', 'images', 'photo-2.png')).equals(PNG)).toBe(true);
    expect(bag.warnings.map((d) => d.message).join('\n')).toMatch(/"de" is not one of the course's languages/);
  }, 60_000);

  it('refuses to write outside the course folder', async () => {
    await expect(importDocx({ root, file: docxFiles[0]!, lang: 'en', name: '../../evil' })).rejects.toThrow(/invalid chapter name/);
    await expect(importDocx({ root, file: docxFiles[0]!, lang: '../x' })).rejects.toThrow(/invalid language/);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-outside-'));
    try {
      fs.symlinkSync(outside, path.join(root, 'content', 'linked'));
      await expect(importDocx({ root, file: docxFiles[0]!, lang: 'linked' })).rejects.toThrow(/outside the course folder/);
      expect(fs.readdirSync(outside)).toEqual([]);
    } finally {
      fs.rmSync(path.join(root, 'content', 'linked'), { force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('names the file when pandoc cannot read it', async () => {
    const bogus = path.join(root, 'bogus.docx');
    fs.writeFileSync(bogus, 'this is not a zip file');
    const error = (await importDocx({ root, file: bogus, lang: 'en' }).catch((e: unknown) => e)) as PandocError;
    expect(error).toBeInstanceOf(PandocError);
    expect(error.message).toMatch(/bogus\.docx: not a Word file pandoc can read \(.*docx container/);
    expect(fs.existsSync(path.join(root, 'content', 'en', 'bogus.md'))).toBe(false);
  });

  it('reads fences and ids by their text when Word lost their styles', async () => {
    // A DOCX as a translator might rebuild it: no coursebook styles at all.
    const handMade = [
      '| | |',
      '|---|---|',
      '| `title` | Governance |',
      '| `materials` | Flip chart |',
      '',
      '## Why \\{#sec:why\\}',
      '',
      '\\::: exercise Case study',
      '',
      'Read it, see \\[@sec:why\\].',
      '',
      '\\:::',
      '',
      '\\:::',
      '',
    ].join('\n');
    const docx = await runPandoc({ input: handMade, from: 'markdown', to: 'docx' });
    const file = path.join(root, 'hand-made.docx');
    fs.writeFileSync(file, docx.output);
    const bag = new DiagnosticBag();
    const result = await importDocx({ root, file, lang: 'en', bag });
    const text = fs.readFileSync(result.markdownFile, 'utf8');
    expect(text).toBe(
      '---\ntitle: Governance\nmaterials: [Flip chart]\n---\n\n## Why {#sec:why}\n\n::: exercise Case study\n\nRead it, see [@sec:why].\n\n:::\n',
    );
    expect(bag.warnings.map((d) => d.message)).toEqual([expect.stringMatching(/closes no fenced div/)]);
  });
});
