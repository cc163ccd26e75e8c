/**
 * Handlebars templates: the built-in ones in the project's templates/, each
 * overridable by a file of the same name in the course's templates/.
 * Template errors become diagnostics naming the template file and line.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';

export interface TemplateSet {
  hbs: typeof Handlebars;
  /** Compiled top-level templates by name (`book`, `cover`). */
  layouts: Map<string, { render: HandlebarsTemplateDelegate; file: string }>;
  /** Partial name → file, to name the file when rendering fails. */
  partialFiles: Map<string, string>;
}

/** Finds `name` in the first folder that has it. */
export function findOverridable(dirs: string[], name: string): string | null {
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

const LAYOUTS = ['book', 'cover', 'handout'];

/**
 * The last set loaded without errors, with the text of every file it was
 * compiled from. Compiling the templates took 50–90 ms of each build, before
 * anything could print; a later build of the same process (`coursebook dev`,
 * the benchmark) whose template files read the same takes that set again. A
 * set's Handlebars environment gets the locale's helpers before each render,
 * so it carries nothing from one build to the next.
 */
let lastLoaded: { sources: string; set: TemplateSet } | null = null;

export function loadTemplates(dirs: string[], projectRoot: string, bag: DiagnosticBag): TemplateSet | null {
  const sources = templateSources(dirs, projectRoot);
  if (lastLoaded?.sources === sources) return lastLoaded.set;
  const set = compileTemplates(dirs, projectRoot, bag);
  lastLoaded = set ? { sources, set } : null;
  return set;
}

/** Every file compileTemplates may read, by path, with its text: what a compiled set depends on. */
function templateSources(dirs: string[], projectRoot: string): string {
  const files: string[] = [];
  for (const dir of dirs) {
    const partialDir = path.join(dir, 'partials');
    if (fs.existsSync(partialDir)) {
      for (const name of fs.readdirSync(partialDir).sort()) if (name.endsWith('.hbs')) files.push(path.join(partialDir, name));
    }
    for (const layout of LAYOUTS) {
      const file = path.join(dir, `${layout}.hbs`);
      if (fs.existsSync(file)) files.push(file);
    }
  }
  return JSON.stringify([dirs, projectRoot, ...files.map((file) => [file, fs.readFileSync(file, 'utf8')])]);
}

function compileTemplates(dirs: string[], projectRoot: string, bag: DiagnosticBag): TemplateSet | null {
  const hbs = Handlebars.create();
  const layouts: TemplateSet['layouts'] = new Map();
  const partialFiles = new Map<string, string>();
  const before = bag.errors.length;
  const rel = (file: string): string => path.relative(projectRoot, file).split(path.sep).join('/');

  const compile = (file: string): HandlebarsTemplateDelegate | null => {
    const source = fs.readFileSync(file, 'utf8');
    try {
      // Precompile to surface syntax errors now, with the template's line.
      hbs.precompile(source, { strict: false });
      return hbs.compile(source, { strict: false, preventIndent: true });
    } catch (error) {
      const message = (error as Error).message;
      // Parse errors say "Parse error on line 3"; others ("if doesn't match each - 3:2") carry lineNumber and a 0-based column.
      const exception = error as { lineNumber?: number; column?: number };
      const line = /line (\d+)/i.exec(message)?.[1] ?? exception.lineNumber;
      // A block left open is only noticed at the end of the file: point at its opening tag instead.
      const unclosed = /got 'EOF'/.test(message) ? unclosedBlock(source) : null;
      bag.error({
        code: 'layout/template-syntax',
        message: `Handlebars syntax error: ${message.split('\n')[0]}${unclosed ? ` (the {{#${unclosed.name}}} block opened here is never closed)` : ''}`,
        file: rel(file),
        ...(unclosed
          ? { line: unclosed.line, column: unclosed.column }
          : { line: line ? Number(line) : 1, ...(typeof exception.column === 'number' ? { column: exception.column + 1 } : {}) }),
        hint: unclosed ? `close it with {{/${unclosed.name}}}` : 'check that every {{#block}} has its {{/block}} and every {{ has its }}',
      });
      return null;
    }
  };

  // Partials: later (built-in) folders first, so a course's file of the same name replaces it.
  for (const dir of [...dirs].reverse()) {
    const partialDir = path.join(dir, 'partials');
    if (!fs.existsSync(partialDir)) continue;
    for (const name of fs.readdirSync(partialDir).sort()) {
      if (!name.endsWith('.hbs')) continue;
      const file = path.join(partialDir, name);
      const compiled = compile(file);
      if (!compiled) continue;
      const partial = name.replace(/\.hbs$/, '');
      hbs.registerPartial(partial, compiled);
      partialFiles.set(partial, file);
    }
  }
  for (const layout of LAYOUTS) {
    const file = findOverridable(dirs, `${layout}.hbs`);
    if (!file) {
      bag.error({
        code: 'layout/missing-template',
        message: `no ${layout}.hbs template found`,
        hint: `restore templates/${layout}.hbs`,
      });
      continue;
    }
    const render = compile(file);
    if (render) layouts.set(layout, { render, file });
  }
  return bag.errors.length > before ? null : { hbs, layouts, partialFiles };
}

/** The innermost `{{#name}}` (or `{{^name}}`) block without its `{{/name}}`, comments skipped. */
export function unclosedBlock(source: string): { name: string; line: number; column: number } | null {
  const stack: { name: string; offset: number }[] = [];
  const tags = /\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}|\{\{~?\s*([#^/])\s*\*?([^\s}~]+)/g;
  for (const match of source.matchAll(tags)) {
    const [, kind, name] = match;
    if (!kind || !name) continue; // a comment
    if (kind === '/') {
      const open = stack.map((b) => b.name).lastIndexOf(name);
      if (open !== -1) stack.splice(open);
    } else {
      stack.push({ name, offset: match.index });
    }
  }
  const last = stack.at(-1);
  if (!last) return null;
  const before = source.slice(0, last.offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { name: last.name, line: before.split('\n').length, column: last.offset - lineStart + 1 };
}

/**
 * Runs a template; Handlebars' runtime errors (unknown partial or helper) are
 * reported against the template file, with the line of the first use.
 */
export function renderTemplate(set: TemplateSet, layout: string, data: unknown, projectRoot: string, bag: DiagnosticBag): string | null {
  const entry = set.layouts.get(layout);
  if (!entry) return null;
  try {
    return entry.render(data, { allowProtoPropertiesByDefault: false });
  } catch (error) {
    const message = (error as Error).message;
    const name = /partial (\S+) could not be found/i.exec(message)?.[1] ?? /Missing helper: "?([^"\s]+)"?/i.exec(message)?.[1];
    const files = [entry.file, ...set.partialFiles.values()];
    const where = name ? locateUse(files, name) : null;
    bag.error({
      code: /partial/i.test(message) ? 'layout/unknown-partial' : /helper/i.test(message) ? 'layout/unknown-helper' : 'layout/render',
      message: `template error: ${message.split('\n')[0]}`,
      file: path
        .relative(projectRoot, where?.file ?? entry.file)
        .split(path.sep)
        .join('/'),
      line: where?.line ?? 1,
      column: where?.column ?? 1,
      hint: /partial/i.test(message)
        ? 'add the partial under templates/partials/ or fix its name'
        : 'use one of the helpers coursebook defines: t, pageSlot, pageAnchor, formatDate, formatNumber, eq',
    });
    return null;
  }
}

function locateUse(files: string[], name: string): { file: string; line: number; column: number } | null {
  const pattern = new RegExp(`\\{\\{[#>]?\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    for (const [i, line] of lines.entries()) {
      const match = pattern.exec(line);
      if (match) return { file, line: i + 1, column: match.index + 1 };
    }
  }
  return null;
}

/**
 * Templates test editions with `{{#if edition.is.trainer}}`. A name that
 * book.yaml does not declare would silently be false in every edition, so it
 * is an error at the line that uses it.
 */
export function checkEditionNames(set: TemplateSet, declared: string[], projectRoot: string, bag: DiagnosticBag): void {
  const files = new Set([...[...set.layouts.values()].map((l) => l.file), ...set.partialFiles.values()]);
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      for (const match of line.matchAll(/\bedition\.is\.([A-Za-z0-9_-]+)/g)) {
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
        if (declared.includes(match[1]!)) continue;
        bag.error({
          code: 'layout/unknown-edition',
          message: `template tests edition "${match[1]}", which book.yaml does not declare`,
          file: path.relative(projectRoot, file).split(path.sep).join('/'),
          line: index + 1,
          column: match.index + 1,
          hint: `declared editions: ${declared.join(', ')}`,
        });
      }
    });
  }
}
