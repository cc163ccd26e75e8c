import { describe, expect, it } from '@jest/globals';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { parseFrontMatter, toChapterFrontMatter } from './front-matter.ts';

const FILE = 'content/fr/01-intro.md';

function parse(...lines: string[]) {
  const bag = new DiagnosticBag();
  const result = parseFrontMatter(lines.join('\n'), FILE, bag);
  return { result, bag, errors: bag.errors, warnings: bag.warnings };
}

describe('parseFrontMatter', () => {
  it('splits front matter from the body and records key lines', () => {
    const { result, bag } = parse(
      '---',
      'title: La gouvernance',
      'editions: [trainer]',
      'duration: 3 h',
      'objectives:',
      '  - Distinguer les rôles',
      'materials: [Tableau, Étude de cas A]',
      'method: Exposé',
      'source_hash: abc123',
      '---',
      '# Titre',
      '',
      'Texte.',
    );

    expect(bag.items).toEqual([]);
    expect(result?.data).toEqual({
      title: 'La gouvernance',
      editions: ['trainer'],
      duration: '3 h',
      objectives: ['Distinguer les rôles'],
      materials: ['Tableau', 'Étude de cas A'],
      method: 'Exposé',
      source_hash: 'abc123',
    });
    expect(result?.body).toBe('# Titre\n\nTexte.');
    expect(result?.bodyStartLine).toBe(11);
    expect(result?.keyLines).toEqual({
      title: 2,
      editions: 3,
      duration: 4,
      objectives: 5,
      materials: 7,
      method: 8,
      source_hash: 9,
    });
    expect(toChapterFrontMatter(result!.data)).toEqual({
      title: 'La gouvernance',
      editions: ['trainer'],
      duration: '3 h',
      objectives: ['Distinguer les rôles'],
      materials: ['Tableau', 'Étude de cas A'],
      method: 'Exposé',
      sourceHash: 'abc123',
    });
  });

  it('handles CRLF line endings and a BOM', () => {
    const bag = new DiagnosticBag();
    const result = parseFrontMatter('\uFEFF---\r\ntitle: T\r\n---\r\nBody\r\n', FILE, bag);
    expect(bag.items).toEqual([]);
    expect(result?.data).toEqual({ title: 'T' });
    expect(result?.body).toBe('Body\r\n');
    expect(result?.bodyStartLine).toBe(4);
  });

  it('reports a YAML error at its real line in the file', () => {
    const { result, errors } = parse('---', 'title: T', 'objectives:', '  - one', ' - two', '---', 'Body');
    expect(result).toBeNull();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ code: 'content/front-matter', file: FILE, line: 5 });
  });

  it('reports a duplicate key at the second occurrence', () => {
    const { errors } = parse('---', 'title: T', 'method: a', 'method: b', '---', 'Body');
    expect(errors).toEqual([
      expect.objectContaining({ code: 'content/front-matter', line: 4, message: 'YAML: Map keys must be unique' }),
    ]);
  });

  it('requires front matter', () => {
    const { result, errors } = parse('# Just a heading', '', 'Text');
    expect(result).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'content/front-matter',
        message: 'missing front matter with a title',
        line: 1,
        hint: expect.stringContaining('title:'),
      }),
    ]);
  });

  it('reports front matter that is never closed', () => {
    const { result, errors } = parse('---', 'title: T', 'Body');
    expect(result).toBeNull();
    expect(errors).toEqual([expect.objectContaining({ message: 'front matter is not closed', line: 1 })]);
  });

  it('requires a non-empty title', () => {
    expect(parse('---', 'method: talk', '---', 'Body').errors).toEqual([
      expect.objectContaining({ code: 'content/front-matter', message: 'front matter has no "title"' }),
    ]);
    expect(parse('---', 'method: talk', 'title: "  "', '---', 'Body').errors).toEqual([
      expect.objectContaining({ message: '"title" must be non-empty text', line: 3 }),
    ]);
    expect(parse('---', '---', 'Body').errors).toEqual([
      expect.objectContaining({ message: 'front matter has no "title"' }),
    ]);
  });

  it('reports wrong types at the line of the key', () => {
    const { result, errors } = parse(
      '---',
      'title: 2024',
      'editions: trainer',
      'duration: 90',
      'objectives:',
      '  - 1',
      'method: [talk]',
      '---',
      'Body',
    );
    expect(result).toBeNull();
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [2, '"title" must be non-empty text'],
      [3, '"editions" must be a list of text'],
      [4, '"duration" must be text'],
      [5, '"objectives" must be a list of text'],
      [7, '"method" must be text'],
    ]);
    expect(errors[0]?.hint).toBe('put the title in quotes: title: "2024"');
    expect(errors[1]?.hint).toBe('write a list, e.g. editions: [trainer]');
  });

  it('reports a list with several wrong items once, at file:line of its key, in file order', () => {
    const { result, bag } = parse('---', 'materials:', '  - 1', '  - [a]', 'teachng: 5', 'title:', '---', 'Body');
    expect(result).toBeNull();
    expect(bag.items.map((d) => [d.severity, d.file, d.line, d.message])).toEqual([
      ['error', FILE, 2, '"materials" must be a list of text'],
      ['info', FILE, 5, 'front-matter key "teachng" is not used by coursebook and is ignored'],
      ['error', FILE, 6, 'front matter has no "title"'],
    ]);
    expect(bag.items[0]?.hint).toBe('put list items that are numbers or contain ": " in quotes');
  });

  it('names every key of the schema in the hint for an unknown key', () => {
    const { bag } = parse('---', 'title: T', 'author: Awa', '---', 'Body');
    expect(bag.items).toEqual([
      expect.objectContaining({ line: 3, hint: 'keys coursebook reads: title, editions, duration, objectives, materials, method, source_hash' }),
    ]);
  });

  it('notes a key coursebook does not use once, and keeps the chapter', () => {
    const bag = new DiagnosticBag();
    const first = parseFrontMatter(['---', 'title: T', 'teaching: 10', 'exercises: 5', '---', 'Body'].join('\n'), 'content/en/01.md', bag);
    parseFrontMatter(['---', 'title: U', 'teaching: 15', '---', 'Body'].join('\n'), 'content/en/02.md', bag);
    expect(first?.data).toEqual({ title: 'T', teaching: 10, exercises: 5 });
    expect(bag.items).toEqual([
      expect.objectContaining({ severity: 'info', code: 'content/front-matter-key', message: expect.stringContaining('"teaching"'), file: 'content/en/01.md', line: 3 }),
      expect.objectContaining({ severity: 'info', code: 'content/front-matter-key', message: expect.stringContaining('"exercises"'), line: 4 }),
    ]);
  });

  it('warns about a key that looks like a misspelling of one it reads', () => {
    const { warnings } = parse('---', 'title: T', 'sourceHash: x', '---', 'Body');
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'content/front-matter-key', line: 3, hint: expect.stringContaining('did you mean "source_hash"') }),
    ]);
  });

  it('ignores optional keys left without a value', () => {
    const { result, bag } = parse('---', 'title: T', 'duration:', '---', 'Body');
    expect(bag.items).toEqual([]);
    expect(toChapterFrontMatter(result!.data)).toEqual({ title: 'T' });
  });

  it('rejects front matter that is not a mapping', () => {
    const { errors } = parse('---', '- a', '- b', '---', 'Body');
    expect(errors).toEqual([expect.objectContaining({ message: 'front matter must be a mapping of keys' })]);
  });

  it('does not run a "---js" block as JavaScript', () => {
    const { result, errors } = parse('---js', '{ title: (() => { throw new Error("ran") })() }', '---', 'Body');
    expect(result).toBeNull();
    expect(errors).toEqual([expect.objectContaining({ message: 'missing front matter with a title' })]);
  });

  it('reports the body start line after a closing line with trailing blanks', () => {
    const { result } = parse('---', 'title: T', '---  ', 'Body');
    expect(result?.body).toBe('Body');
    expect(result?.bodyStartLine).toBe(4);
  });

  it('reports the same problems, as new diagnostics, when the same chapter is read again (it is remembered)', () => {
    const lines = ['---', 'title: Titre', 'duraton: 2 h', 'teaching: 30', '---', '', 'Texte.'];
    const first = parse(...lines);
    const again = parse(...lines);
    expect(again.bag.items).toEqual(first.bag.items);
    expect(again.bag.items.length).toBeGreaterThan(0);
    expect(again.bag.items[0]).not.toBe(first.bag.items[0]);
    expect(again.result).toEqual(first.result);
    // The caller may change its key lines without changing what the next reading gets.
    first.result!.keyLines.title = 99;
    expect(parse(...lines).result?.keyLines.title).toBe(2);
  });
});
