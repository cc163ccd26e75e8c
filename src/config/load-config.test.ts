import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { loadBookConfig } from './load-config.ts';

const roots: string[] = [];

/** A course folder holding only the given book.yaml (lines joined with "\n"). */
function course(...lines: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-config-'));
  roots.push(root);
  fs.writeFileSync(path.join(root, 'book.yaml'), lines.join('\n') + '\n');
  return root;
}

function load(root: string) {
  const bag = new DiagnosticBag();
  const config = loadBookConfig(root, bag);
  return { config, bag, errors: bag.errors };
}

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe('loadBookConfig', () => {
  it('fills every default for a minimal book.yaml', () => {
    const root = course('title: Gestion d’une IMF', 'languages: [fr, en]');
    const { config, bag } = load(root);

    expect(bag.items).toEqual([]);
    expect(config).toEqual({
      root: path.resolve(root),
      file: path.join(path.resolve(root), 'book.yaml'),
      title: 'Gestion d’une IMF',
      translations: {},
      blocks: {},
      subtitle: '',
      authors: [],
      publisher: '',
      languages: ['fr', 'en'],
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
      print: expect.objectContaining({ target: 'office', standard: null, outputIntent: null, color: 'as-designed', paper: 'white' }),
      keywords: [],
    });
  });

  it('reads every optional setting, a custom page size and edition objects', () => {
    const root = course(
      'title: Governance',
      'subtitle: Board and management',
      'authors: [Awa Diop, Jean Martin]',
      'publisher: ADA',
      'subject: Microfinance governance',
      'keywords: [microfinance, governance]',
      'rights: CC BY 4.0',
      'languages: [fr, en, ar, fr-CA]',
      'editions:',
      '  - participant',
      '  - name: trainer',
      '    label: { fr: Formateur, en: Trainer }',
      '    coverColor: "#1d4e89"',
      '    watermark: DRAFT',
      '  - name: coach',
      '    includes: [trainer]',
      '  - observer',
      'page:',
      '  size: 170mm 240mm',
      '  gutter: 0.5in',
      '  margins: { top: 2cm, bottom: 25, inner: 72pt, outer: 18mm }',
      '  bleed: 3mm',
      '  marks: crop',
      '  paperThickness: 0.08mm',
      'toc: { depth: 3 }',
    );
    const { config, bag } = load(root);

    expect(bag.items).toEqual([]);
    expect(config?.authors).toEqual(['Awa Diop', 'Jean Martin']);
    expect(config?.subject).toBe('Microfinance governance');
    expect(config?.rights).toBe('CC BY 4.0');
    expect(config?.languages).toEqual(['fr', 'en', 'ar', 'fr-CA']);
    expect(config?.editions).toEqual([
      { name: 'participant', label: {}, includes: ['participant'] },
      {
        name: 'trainer',
        label: { fr: 'Formateur', en: 'Trainer' },
        includes: ['trainer', 'answer'],
        coverColor: '#1d4e89',
        watermark: 'DRAFT',
      },
      { name: 'coach', label: {}, includes: ['trainer'] },
      { name: 'observer', label: {}, includes: ['observer'] },
    ]);
    expect(config?.page).toEqual({
      size: '170mm 240mm',
      widthMm: 170,
      heightMm: 240,
      gutterMm: 12.7,
      margins: { topMm: 20, bottomMm: 25, innerMm: 25.4, outerMm: 18 },
      bleedMm: 3,
      marks: 'crop',
      paperThicknessMm: 0.08,
    });
    expect(config?.toc).toEqual({ depth: 3 });
  });

  it('treats keys left without a value as unset', () => {
    const root = course('title: T', 'subtitle:', 'languages: [fr]', 'page:', '#  size: A5');
    const { config, bag } = load(root);
    expect(bag.items).toEqual([]);
    expect(config?.subtitle).toBe('');
    expect(config?.page.size).toBe('A4');
  });

  it('points an unknown key at its own line and names it', () => {
    const root = course('title: T', 'languages: [fr]', '# page settings', 'pagee:', '  size: A5');
    const { config, errors } = load(root);

    expect(config).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'config/schema',
        message: 'unknown key "pagee" in book.yaml',
        file: 'book.yaml',
        line: 4,
        column: 1,
        hint: expect.stringContaining('did you mean "page"?'),
      }),
    ]);
  });

  it('names the enclosing key for an unknown nested key', () => {
    const root = course('title: T', 'languages: [fr]', 'page:', '  size: A5', '  margin: { top: 3mm }');
    const { errors } = load(root);
    expect(errors).toEqual([expect.objectContaining({ message: 'unknown key "margin" in page', line: 5, column: 3 })]);
  });

  it('points a wrong type at the value, with every error reported in file order', () => {
    const root = course('title: T', 'languages: [fr]', 'authors:', '  Awa Diop', 'toc:', '  depth: deep');
    const { errors } = load(root);

    expect(errors.map((e) => [e.code, e.line, e.message])).toEqual([
      ['config/schema', 4, 'authors must be a list, not the text "Awa Diop"'],
      ['config/schema', 6, 'toc.depth must be a whole number, not the text "deep"'],
    ]);
    expect(errors[0]?.hint).toBe('write a list, e.g. [Awa Diop]');
  });

  it('reports a missing required key and an invalid language code', () => {
    const root = course('subtitle: S', 'languages:', '  - fr', '  - english');
    const { errors } = load(root);
    expect(errors.map((e) => [e.message, e.line])).toEqual([
      ['missing required key "title" in book.yaml', 1],
      ['languages[1]: "english" is not valid', 4],
    ]);
  });

  it('rejects an empty list of languages and an out-of-range toc depth', () => {
    const root = course('title: T', 'languages: []', 'toc: { depth: 4 }');
    const { errors } = load(root);
    expect(errors.map((e) => [e.message, e.line])).toEqual([
      ['languages must not be empty', 2],
      ['toc.depth must be <= 3', 3],
    ]);
  });

  it('reports invalid edition names and includes at their lines', () => {
    const root = course(
      'title: T',
      'languages: [fr]',
      'editions:',
      '  - Trainer',
      '  - name: coach',
      '    includes: [Answers!]',
      '    colour: red',
    );
    const { errors } = load(root);
    expect(errors.map((e) => [e.message, e.line])).toEqual([
      ['editions[0]: "Trainer" is not valid', 4],
      ['editions[1].includes[0]: "Answers!" is not valid', 6],
      ['unknown key "colour" in editions[1]', 7],
    ]);
  });

  it('reports a YAML syntax error with its line and column', () => {
    const root = course('title: T', 'languages: [fr]', 'page:', '  size: A4', ' gutter: 8mm');
    const { config, errors } = load(root);
    expect(config).toBeNull();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ code: 'config/yaml', file: 'book.yaml', line: 5 });
    expect(errors[0]?.column).toEqual(expect.any(Number));
  });

  it('reports a duplicate key as a YAML error', () => {
    const root = course('title: T', 'languages: [fr]', 'title: U');
    const { errors } = load(root);
    expect(errors).toEqual([
      expect.objectContaining({ code: 'config/yaml', line: 3, column: 1, message: 'YAML: Map keys must be unique' }),
    ]);
  });

  it('reports an invalid page size and invalid lengths at their lines', () => {
    const root = course('title: T', 'languages: [fr]', 'page:', '  size: A3', '  bleed: 3px', '  margins:', '    top: -2mm');
    const { config, errors } = load(root);
    expect(config).toBeNull();
    expect(errors.map((e) => [e.code, e.line, e.message])).toEqual([
      ['config/schema', 4, 'unknown page size "A3"'],
      ['config/schema', 5, 'invalid length "3px" for page.bleed'],
      ['config/schema', 7, 'invalid length "-2mm" for page.margins.top'],
    ]);
  });

  it('rejects duplicate edition names, pointing at the second one', () => {
    const root = course('title: T', 'languages: [fr]', 'editions:', '  - trainer', '  - participant', '  - name: trainer');
    const { config, errors } = load(root);
    expect(config).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'config/schema',
        message: 'edition "trainer" is listed twice',
        line: 6,
        hint: expect.stringContaining('line 4'),
      }),
    ]);
  });

  it('reports a missing book.yaml with a hint', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-config-'));
    roots.push(root);
    const { config, errors } = load(root);
    expect(config).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({ code: 'config/missing', file: 'book.yaml', hint: expect.stringContaining('title') }),
    ]);
  });

  it('reports an empty book.yaml', () => {
    const root = course('# nothing yet');
    const { errors } = load(root);
    expect(errors).toEqual([expect.objectContaining({ code: 'config/schema', line: 1 })]);
  });

  it('keeps earlier diagnostics in the bag and returns null only for its own errors', () => {
    const root = course('title: T', 'languages: [fr]');
    const bag = new DiagnosticBag();
    bag.error({ code: 'other/stage', message: 'unrelated' });
    expect(loadBookConfig(root, bag)).not.toBeNull();
    expect(bag.items).toHaveLength(1);
  });
});

describe('blocks:', () => {
  it('reads aliases (followed to their final name) and callouts with labels and editions', () => {
    const root = course(
      'title: Shell',
      'languages: [en, es]',
      'blocks:',
      '  instructor: trainer        # alias',
      '  solution: answer',
      '  challenge: exercise',
      '  hint: instructor',
      '  callout: { label: { en: Note, es: Nota }, editions: [participant, trainer] }',
      '  aside: { label: Aside }',
    );
    const { config, errors } = load(root);
    expect(errors).toEqual([]);
    expect(config!.blocks).toEqual({
      instructor: { kind: 'alias', target: 'trainer' },
      solution: { kind: 'alias', target: 'answer' },
      challenge: { kind: 'alias', target: 'exercise' },
      hint: { kind: 'alias', target: 'trainer' },
      callout: { kind: 'callout', label: { en: 'Note', es: 'Nota' }, editions: ['participant', 'trainer'] },
      aside: { kind: 'callout', label: { '*': 'Aside' }, editions: null },
    });
  });

  it('reports an alias of an unknown block and an undeclared edition at their lines', () => {
    const root = course('title: Shell', 'languages: [en]', 'blocks:', '  instructor: trainr', '  callout: { editions: [partcipant] }');
    expect(load(root).errors.map((e) => [e.line, e.message])).toEqual([
      [4, 'blocks.instructor: "trainr" is not a block coursebook knows'],
      [5, 'blocks.callout.editions: "partcipant" is not an edition of this book'],
    ]);
    expect(load(course('title: Shell', 'languages: [en]', 'blocks:', '  Bad Name: trainer')).errors[0]).toMatchObject({
      code: 'config/schema',
      message: 'blocks: "Bad Name" is not valid',
    });
  });
});
