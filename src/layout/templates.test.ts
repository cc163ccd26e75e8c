import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { BUILTIN_TEMPLATES } from '../project-paths.ts';
import { findOverridable, loadTemplates, renderTemplate } from './templates.ts';

const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** A course folder whose templates/ holds `files` (path under templates/ → text). */
function course(files: Record<string, string>): { root: string; dirs: string[] } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-templates-'));
  roots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, 'templates', rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return { root, dirs: [path.join(root, 'templates'), BUILTIN_TEMPLATES] };
}

function load(files: Record<string, string>) {
  const { root, dirs } = course(files);
  const bag = new DiagnosticBag();
  const set = loadTemplates(dirs, root, bag);
  return { root, dirs, bag, set };
}

const data = { book: { title: 'Gérer une IMF', authors: ['A. Auteur'], publisher: 'Institut' }, edition: { label: 'Édition formateur' } };

describe('loadTemplates — syntax errors', () => {
  it('reports a parse error in a course template with its file and line', () => {
    const { bag, set } = load({ 'book.hbs': '<html>\n<body>\n{{#if book.title}\n</body>\n' });
    expect(set).toBeNull();
    expect(bag.errors).toEqual([expect.objectContaining({ code: 'layout/template-syntax', file: 'templates/book.hbs', line: 3 })]);
  });

  it('reports a mismatched block at the line of its opening tag', () => {
    const { bag, set } = load({ 'book.hbs': '<html>\n<body>\n\n{{#if book.title}}\n<h1>x</h1>\n{{/each}}\n</body>\n' });
    expect(set).toBeNull();
    expect(bag.errors).toEqual([expect.objectContaining({ code: 'layout/template-syntax', file: 'templates/book.hbs', line: 4 })]);
    expect(bag.errors[0]!.message).toContain("if doesn't match each");
  });

  it('reports a syntax error in a course partial against the partial file', () => {
    const { bag, set } = load({ 'partials/toc.hbs': '<nav>\n  {{#each toc}}\n  {{title}\n  {{/each}}\n</nav>\n' });
    expect(set).toBeNull();
    expect(bag.errors).toEqual([expect.objectContaining({ code: 'layout/template-syntax', file: 'templates/partials/toc.hbs', line: 3 })]);
  });
});

describe('renderTemplate — runtime errors', () => {
  it('names the template file and line where an unknown partial is used', () => {
    const { root, bag, set } = load({ 'book.hbs': '<html>\n<body>\n{{> title-page}}\n  {{> sommaire}}\n</body>\n</html>\n' });
    expect(bag.items).toEqual([]);
    expect(renderTemplate(set!, 'book', data, root, bag)).toBeNull();
    expect(bag.errors).toEqual([
      expect.objectContaining({ code: 'layout/unknown-partial', file: 'templates/book.hbs', line: 4, column: 3 }),
    ]);
    expect(bag.errors[0]!.message).toContain('sommaire');
  });

  it('names the partial file when the unknown partial is used inside a partial', () => {
    const { root, bag, set } = load({
      'book.hbs': '<body>\n{{> title-page}}\n</body>\n',
      'partials/title-page.hbs': '<section>\n  <h1>{{book.title}}</h1>\n  {{> logo}}\n</section>\n',
    });
    expect(renderTemplate(set!, 'book', data, root, bag)).toBeNull();
    expect(bag.errors).toEqual([
      expect.objectContaining({ code: 'layout/unknown-partial', file: 'templates/partials/title-page.hbs', line: 3, column: 3 }),
    ]);
  });

  it('reports an unknown helper where it is used', () => {
    const { root, bag, set } = load({ 'book.hbs': '<body>\n<p>{{upper book.title}}</p>\n</body>\n' });
    expect(renderTemplate(set!, 'book', data, root, bag)).toBeNull();
    expect(bag.errors).toEqual([
      expect.objectContaining({ code: 'layout/unknown-helper', file: 'templates/book.hbs', line: 2, column: 4 }),
    ]);
  });
});

describe('course templates override built-in ones by file name', () => {
  it('uses the course book.hbs, the course partial of the same name, and built-in partials otherwise', () => {
    const { root, dirs, bag, set } = load({
      'book.hbs': '<body class="course">{{> title-page}}{{> toc}}</body>',
      'partials/toc.hbs': '<nav class="course-toc">Sommaire</nav>',
    });
    expect(bag.items).toEqual([]);
    expect(set!.layouts.get('book')!.file).toBe(path.join(root, 'templates', 'book.hbs'));
    expect(set!.layouts.get('cover')!.file).toBe(path.join(BUILTIN_TEMPLATES, 'cover.hbs'));
    expect(set!.partialFiles.get('toc')).toBe(path.join(root, 'templates', 'partials', 'toc.hbs'));
    expect(set!.partialFiles.get('title-page')).toBe(path.join(BUILTIN_TEMPLATES, 'partials', 'title-page.hbs'));
    expect(findOverridable(dirs, 'book.hbs')).toBe(path.join(root, 'templates', 'book.hbs'));
    expect(findOverridable(dirs, 'cover.hbs')).toBe(path.join(BUILTIN_TEMPLATES, 'cover.hbs'));

    const html = renderTemplate(set!, 'book', data, root, bag);
    expect(bag.items).toEqual([]);
    expect(html).toMatch(/^<body class="course">/);
    expect(html).toContain('<h1 class="book-title">Gérer une IMF</h1>'); // built-in title-page partial
    expect(html).toContain('<nav class="course-toc">Sommaire</nav>');
    expect(html).not.toContain('toc-entries');
  });

  it('loads the built-in templates alone without diagnostics', () => {
    const bag = new DiagnosticBag();
    const set = loadTemplates([BUILTIN_TEMPLATES], BUILTIN_TEMPLATES, bag);
    expect(bag.items).toEqual([]);
    expect([...set!.layouts.keys()].sort()).toEqual(['book', 'cover', 'handout']);
  });
});

describe('loadTemplates — a later build of the same process', () => {
  it('takes the compiled set again while the files read the same, and compiles again once one changed', () => {
    const { root, dirs } = course({ 'partials/greeting.hbs': '<p>Bonjour {{book.title}}</p>', 'book.hbs': '{{> greeting}}' });
    const first = loadTemplates(dirs, root, new DiagnosticBag());
    expect(loadTemplates(dirs, root, new DiagnosticBag())).toBe(first);

    fs.writeFileSync(path.join(root, 'templates', 'partials', 'greeting.hbs'), '<p>Bonsoir {{book.title}}</p>');
    const edited = loadTemplates(dirs, root, new DiagnosticBag());
    expect(edited).not.toBe(first);
    expect(renderTemplate(edited!, 'book', data, root, new DiagnosticBag())).toBe('<p>Bonsoir Gérer une IMF</p>');
  });

  it('compiles again after a set that failed, and reports the error every time', () => {
    const { root, dirs } = course({ 'book.hbs': '{{#if book.title}' });
    const bag = new DiagnosticBag();
    expect(loadTemplates(dirs, root, bag)).toBeNull();
    expect(loadTemplates(dirs, root, bag)).toBeNull();
    expect(bag.errors).toHaveLength(2);
  });
});
