import matter from 'gray-matter';
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import { validatorOf } from '../config/schema-kit.ts';
import { validateFrontMatter as generatedValidateFrontMatter } from '../config/validators.generated.ts';
import { dropEmptyValues, reportYamlProblems, yamlToJs } from '../config/yaml-source.ts';
import { DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { memoizeByText, TEXT_MEMO_CHARS } from '../text-memo.ts';
import { didYouMean } from '../diagnostics/did-you-mean.ts';
import { FRONT_MATTER_KEYS, frontMatterSchema, type FrontMatterData } from './front-matter-schema.ts';
import type { ChapterFrontMatter } from './types.ts';

export interface ParsedFrontMatter {
  /** The front matter as written (YAML keys, e.g. `source_hash`). */
  data: Record<string, unknown>;
  /** Markdown after the closing `---`. */
  body: string;
  /** 1-based line of the file where `body` starts. */
  bodyStartLine: number;
  /** 1-based line of each top-level key, by YAML key. */
  keyLines: Record<string, number>;
}

const CODE = 'content/front-matter';
const EXAMPLE = 'start the file with:\n---\ntitle: The chapter title\n---';

/**
 * Splits a chapter into its YAML front matter and Markdown body, and checks the
 * front-matter fields. Diagnostics carry real file lines. Returns null when an
 * error was reported (unknown keys are only warnings).
 */
export function parseFrontMatter(text: string, relPath: string, bag: DiagnosticBag): ParsedFrontMatter | null {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const { parsed, found } = splitAndCheck(`${relPath}\0${text}`);
  for (const d of found) {
    // A key the course uses for another tool is noted once for the whole course.
    const noted = d.severity === 'info' && bag.items.some((seen) => seen.code === d.code && seen.message === d.message);
    if (!noted) bag.add({ ...d });
  }
  return parsed && !found.some((d) => d.severity === 'error') ? { ...parsed, keyLines: { ...parsed.keyLines } } : null;
}

/**
 * The front matter of a chapter (given as its path, NUL, its text) and what
 * is wrong with it, remembered: a build after an edit reads every chapter
 * again, and parsing their YAML and checking it against the schema was
 * about a tenth of the preparation of a 40-chapter edition. Callers get
 * copies of what they could change (`keyLines`, the diagnostics); `data` is
 * only read. The body kept with it holds on to the chapter's text: a few MB
 * for a whole course, and only a process that builds again remembers any
 * (`coursebook build` does not: text-memo.ts rememberTexts).
 */
const splitAndCheck = memoizeByText((pathAndText: string): { parsed: ParsedFrontMatter | null; found: Diagnostic[] } => {
  const cut = pathAndText.indexOf('\0');
  const relPath = pathAndText.slice(0, cut);
  const text = pathAndText.slice(cut + 1);
  const local = new DiagnosticBag();
  const parsed = split(text, relPath, local);
  if (parsed) checkFields(parsed.data, parsed.keyLines, relPath, local);
  // In file order, as the author reads them (ajv lists errors in schema order).
  return { parsed, found: [...local.items].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
}, TEXT_MEMO_CHARS);

function split(text: string, relPath: string, bag: DiagnosticBag): ParsedFrontMatter | null {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  // Only a bare "---" opens front matter: gray-matter would read "---js" as JavaScript.
  if (lines[0]?.trimEnd() !== '---') {
    bag.error({ code: CODE, message: 'missing front matter with a title', file: relPath, line: 1, hint: EXAMPLE });
    return null;
  }
  // gray-matter closes the block at the first "\n---"; find it too, to know its line.
  const closeIndex = text.indexOf('\n---', 3);
  if (closeIndex === -1) {
    bag.error({
      code: CODE,
      message: 'front matter is not closed',
      file: relPath,
      line: 1,
      hint: 'end the front matter with a line holding only ---',
    });
    return null;
  }
  const closeLine = countNewlines(text, closeIndex + 1) + 1;
  const closeText = lines[closeLine - 1] ?? '';
  if (closeText.trimEnd() !== '---') {
    bag.error({
      code: CODE,
      message: `front matter must end with a line holding only ---, found "${closeText}"`,
      file: relPath,
      line: closeLine,
      hint: 'a line starting with --- ends the front matter: put it on a line of its own',
    });
    return null;
  }

  // The engine receives everything after the opening "---", that line's newline
  // included, so the YAML's line numbers are already the file's line numbers.
  let yaml: { doc: Document; lineCounter: LineCounter } | undefined;
  const engine = (source: string): object => {
    const lineCounter = new LineCounter();
    // With CRLF endings gray-matter leaves the "\r" of the last line, which YAML would keep in the value.
    source = source.replace(/\r$/, '');
    const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
    yaml = { doc, lineCounter };
    // Errors are reported after gray-matter returns; throwing here would lose them.
    return doc.errors.length > 0 ? {} : ((yamlToJs(doc, relPath, CODE, bag) ?? {}));
  };
  // Passing options also keeps gray-matter from caching results by content.
  const file = matter(text, { language: 'yaml', engines: { yaml: engine } });

  if (yaml && reportYamlProblems(yaml.doc, yaml.lineCounter, relPath, CODE, bag)) return null;
  const data: unknown = file.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    bag.error({ code: CODE, message: 'front matter must be a mapping of keys', file: relPath, line: 2, hint: EXAMPLE });
    return null;
  }

  // A closing line "---   " leaves its trailing blanks at the start of the content.
  const body = closeText === '---' ? file.content : file.content.replace(/^[ \t]*(\r?\n|$)/, '');
  return {
    data: data as Record<string, unknown>,
    body,
    bodyStartLine: closeLine + 1,
    keyLines: yaml ? keyLinesOf(yaml.doc, yaml.lineCounter) : {},
  };
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function keyLinesOf(doc: Document, lineCounter: LineCounter): Record<string, number> {
  const lines: Record<string, number> = {};
  if (!isMap(doc.contents)) return lines;
  for (const pair of doc.contents.items) {
    if (isScalar(pair.key) && pair.key.range) {
      lines[String(pair.key.value)] = lineCounter.linePos(pair.key.range[0]).line;
    }
  }
  return lines;
}

const validateFrontMatter = validatorOf(frontMatterSchema, generatedValidateFrontMatter);
const KEYS: readonly string[] = FRONT_MATTER_KEYS;

function checkFields(
  data: Record<string, unknown>,
  keyLines: Record<string, number>,
  relPath: string,
  bag: DiagnosticBag,
): void {
  const at = (key: string) => ({ file: relPath, line: keyLines[key] ?? 1 });

  for (const key of Object.keys(data)) {
    if (!KEYS.includes(key)) noteUnknownKey(key, at(key), bag);
  }

  // An empty optional value ("duration:") means "not set yet"; an empty title is a missing one.
  const given = dropEmptyValues(data) as Record<string, unknown>;
  if (validateFrontMatter(given)) return;
  // One message per key, however many of its list items are wrong.
  const reported = new Set<string>();
  for (const error of validateFrontMatter.errors ?? []) {
    const key = error.keyword === 'required' ? String(error.params.missingProperty) : (error.instancePath.split('/')[1] ?? '');
    if (reported.has(key)) continue;
    reported.add(key);
    bag.error({ code: CODE, ...at(key), ...fieldProblem(key, given[key]) });
  }
}

/** The message and hint for a key whose value does not match the schema. */
function fieldProblem(key: string, value: unknown): { message: string; hint: string } {
  if (key === 'title') {
    return {
      message: value === undefined ? 'front matter has no "title"' : '"title" must be non-empty text',
      hint: typeof value === 'number' || typeof value === 'boolean' ? `put the title in quotes: title: "${String(value)}"` : EXAMPLE,
    };
  }
  const schema = frontMatterSchema.properties[key as keyof typeof frontMatterSchema.properties];
  if (schema.type === 'array') {
    return {
      message: `"${key}" must be a list of text`,
      hint: Array.isArray(value) ? 'put list items that are numbers or contain ": " in quotes' : `write a list, e.g. ${key}: [${String(value)}]`,
    };
  }
  return {
    message: `"${key}" must be text`,
    hint: Array.isArray(value) ? 'write a single value, not a list' : `put the value in quotes: ${key}: "${String(value)}"`,
  };
}

/**
 * Lessons written for other tools carry keys of their own (the Carpentries' `teaching:`,
 * `exercises:`): ignored, with one note per key for the whole course (see parseFrontMatter);
 * a near miss of a key coursebook reads is a warning.
 */
function noteUnknownKey(key: string, where: { file: string; line: number }, bag: DiagnosticBag): void {
  const meant = didYouMean(key, KEYS);
  if (meant) {
    bag.warn({ code: 'content/front-matter-key', message: `unknown front-matter key "${key}"`, ...where, hint: `did you mean "${meant}"? keys coursebook reads: ${KEYS.join(', ')}` });
    return;
  }
  const message = `front-matter key "${key}" is not used by coursebook and is ignored`;
  bag.info({ code: 'content/front-matter-key', message, ...where, hint: `keys coursebook reads: ${KEYS.join(', ')}` });
}

/** Validated front-matter data with ChapterFrontMatter's field names (YAML `source_hash` → `sourceHash`), unset keys left out. */
export function toChapterFrontMatter(data: Record<string, unknown>): ChapterFrontMatter {
  const known = Object.fromEntries(KEYS.filter((key) => data[key] !== undefined && data[key] !== null).map((key) => [key, data[key]]));
  const { source_hash: sourceHash, ...fields } = known as FrontMatterData;
  return sourceHash === undefined ? fields : { ...fields, sourceHash };
}
