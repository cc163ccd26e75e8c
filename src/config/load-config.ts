import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import {
  LineCounter,
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Pair,
  type YAMLError,
} from 'yaml';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { parseLength, parsePageSize } from './page-size.ts';
import { bookSchema, type RawBlock, type RawBookConfig, type RawEdition, type RawLength } from './schema.ts';
import { DIV_NAMES, type BlockConfig, type BookConfig, type EditionConfig, type PageGeometry } from './types.ts';
import { checkPageAgainstTarget, resolvePrint, targetPageDefaults } from './resolve-print.ts';

const CONFIG_FILE = 'book.yaml';

// Compiled once: the schema is static. allowUnionTypes because lengths are string | number;
// verbose so each error carries the offending value for the message.
const validateBook = new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true }).compile(bookSchema);

const DEFAULT_EDITIONS = ['participant', 'trainer'];
/** What the two standard editions show when book.yaml does not say. */
const DEFAULT_INCLUDES: Record<string, string[]> = {
  participant: ['participant'],
  trainer: ['trainer', 'answer'],
};

const PAGE_DEFAULTS = {
  size: 'A4',
  gutter: '8mm',
  margins: { top: '22mm', bottom: '24mm', inner: '20mm', outer: '18mm' },
} as const;

/**
 * Reads, validates and defaults `<root>/book.yaml`. Every problem goes into the bag
 * with the line and column of the offending node; returns null when any error was added.
 */
export function loadBookConfig(root: string, bag: DiagnosticBag): BookConfig | null {
  const absRoot = path.resolve(root);
  const file = path.join(absRoot, CONFIG_FILE);
  const errorsBefore = bag.errors.length;

  const text = readConfigText(file, bag);
  if (text === null) return null;

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (reportYamlProblems(doc, lineCounter, CONFIG_FILE, 'config/yaml', bag)) return null;

  const js = yamlToJs(doc, CONFIG_FILE, 'config/yaml', bag);
  if (js === undefined) return null;
  const data = dropEmptyValues(js);
  // Collected apart and sorted: ajv lists errors in schema order, authors read them in file order.
  const found = new DiagnosticBag();
  let config: BookConfig | null = null;
  if (validateBook(data)) {
    const at = (segments: (string | number)[], target: Target = 'value') => ({
      file: CONFIG_FILE,
      ...locate(doc, lineCounter, segments, target),
    });
    config = resolveConfig(data as RawBookConfig, absRoot, file, at, found);
  } else {
    for (const error of validateBook.errors ?? []) reportSchemaError(error, doc, lineCounter, found);
  }
  found.items.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  for (const d of found.items) bag.add(d);
  return bag.errors.length > errorsBefore ? null : config;
}

function readConfigText(file: string, bag: DiagnosticBag): string | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    bag.error({
      code: 'config/missing',
      message: missing
        ? `no ${CONFIG_FILE} in ${path.dirname(file)}`
        : `cannot read ${CONFIG_FILE}: ${(error as Error).message}`,
      file: CONFIG_FILE,
      hint: 'run coursebook on a course folder holding a book.yaml with at least "title:" and "languages: [fr]"',
    });
    return null;
  }
  try {
    // The default (non-ignoreBOM) decoder drops a leading BOM.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    bag.error({
      code: 'config/yaml',
      message: `${CONFIG_FILE} is not valid UTF-8`,
      file: CONFIG_FILE,
      hint: 'save the file with the UTF-8 encoding',
    });
    return null;
  }
}

// ---------------------------------------------------------------------------
// YAML helpers, shared with the front-matter parser.

const YAML_HINTS: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'each key may appear only once: remove or rename the repeated one',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  MULTIPLE_DOCS: 'remove the extra "---" line: the file holds a single YAML document',
  BLOCK_AS_IMPLICIT_KEY: 'put values that contain ": " in quotes, and check the indentation of nested keys',
  MULTILINE_IMPLICIT_KEY: 'put values that contain ": " in quotes, and check the indentation of nested keys',
  MISSING_CHAR: 'close the quote or bracket opened before this point',
  TAG_RESOLVE_FAILED: 'custom tags (!name) are not supported: remove the tag',
};
const YAML_HINT = 'check the indentation (spaces only), the ":" after each key, and quote values containing ": " or " #"';

/**
 * Reports a document's YAML errors and warnings with their line and column.
 * Returns true when there was an error.
 */
export function reportYamlProblems(
  doc: Document,
  lineCounter: LineCounter,
  file: string,
  code: string,
  bag: DiagnosticBag,
): boolean {
  for (const [problems, severity] of [
    [doc.errors, 'error'],
    [doc.warnings, 'warning'],
  ] as const) {
    for (const problem of problems) {
      // An unclosed bracket or quote is noticed where the parser gives up (often the
      // next line, or the end of the file): point at the bracket or quote instead.
      const opener = unclosedOpener(doc, problem);
      const { line, col } = lineCounter.linePos(opener?.offset ?? problem.pos[0]);
      bag.add({
        severity,
        code,
        message: `YAML: ${problem.message}${opener ? ` (the ${opener.char} here is never closed)` : ''}`,
        file,
        line,
        column: col,
        hint: opener ? `close it with ${opener.closer}` : YAML_HINTS[problem.code] ?? YAML_HINT,
      });
    }
  }
  return doc.errors.length > 0;
}

/**
 * For "flow sequence/map must … end with a ]/}" and "missing closing quote":
 * the innermost flow collection or quoted scalar that opens before the error
 * and runs up to it, i.e. the one left open.
 */
function unclosedOpener(doc: Document, problem: YAMLError): { offset: number; char: string; closer: string } | null {
  const flow = problem.code === 'BAD_INDENT' && /^Flow (sequence|map)\b/.test(problem.message);
  const quote = problem.code === 'MISSING_CHAR' && /quote/i.test(problem.message);
  if (!flow && !quote) return null;
  const at = problem.pos[0];
  let found: { offset: number; char: string; closer: string } | null = null;
  visit(doc, (_key, node) => {
    const range = (node as { range?: [number, number, number] | null }).range;
    if (!range || range[0] >= at || range[1] < at || (found && found.offset >= range[0])) return;
    if (flow && isCollection(node) && node.flow) {
      found = isMap(node) ? { offset: range[0], char: '"{"', closer: '"}"' } : { offset: range[0], char: '"["', closer: '"]"' };
    } else if (quote && isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
      const char = node.type === 'QUOTE_DOUBLE' ? `'"'` : `"'"`;
      found = { offset: range[0], char: `quote ${char}`, closer: char };
    }
  });
  return found;
}

/** Converts a parsed document to plain data; undefined (with an error) if that fails. */
export function yamlToJs(doc: Document, file: string, code: string, bag: DiagnosticBag): unknown {
  try {
    // toJS throws on alias bombs (maxAliasCount) rather than hanging.
    return doc.toJS() as unknown;
  } catch (error) {
    bag.error({ code, message: `YAML: ${(error as Error).message}`, file, line: 1 });
    return undefined;
  }
}

export type Target = 'key' | 'value';

/**
 * Line and column of the node at `segments` (map keys or sequence indexes). With
 * 'key', points at the key of the last segment instead of its value. Falls back to
 * the nearest existing ancestor, and to 1:1 for an empty document.
 */
export function locate(
  doc: Document,
  lineCounter: LineCounter,
  segments: (string | number)[],
  target: Target = 'value',
): { line: number; column: number } {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [index, segment] of segments.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    let pair: Pair | undefined;
    if (isMap(node)) {
      pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      node = pair?.value;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
    } else {
      node = undefined;
    }
    const keyStart = rangeStart(pair?.key);
    const isLast = index === segments.length - 1;
    const start = target === 'key' && isLast ? keyStart : rangeStart(node) ?? keyStart;
    if (start === undefined) break;
    offset = start;
  }
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}

/**
 * Drops keys written without a value ("subtitle:"): authors leave them to fill in
 * later, or comment out everything under "page:", and mean "use the default".
 */
function dropEmptyValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmptyValues);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, dropEmptyValues(v)]),
  );
}

// ---------------------------------------------------------------------------
// Schema errors.

function reportSchemaError(error: ErrorObject, doc: Document, lineCounter: LineCounter, bag: DiagnosticBag): void {
  // if/then/else on editions items: the branch's own errors say what is wrong.
  if (error.keyword === 'if') return;

  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = segments.length === 0 ? CONFIG_FILE : pathLabel(segments);
  const value: unknown = error.data;
  // By default the hint is the schema's description of the offending value.
  const report = (
    message: string,
    location: { line: number; column: number },
    hint = schemaDescription(error.schemaPath),
  ) => bag.error({ code: 'config/schema', message, file: CONFIG_FILE, ...location, ...(hint ? { hint } : {}) });

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const guess = closest(key, allowed);
      report(
        `unknown key "${key}" in ${where}`,
        locate(doc, lineCounter, [...segments, key], 'key'),
        allowed.length > 0
          ? `${guess ? `did you mean "${guess}"? ` : ''}allowed keys: ${allowed.join(', ')}`
          : schemaDescription(error.schemaPath),
      );
      return;
    }
    case 'required': {
      const key = String(error.params.missingProperty);
      report(
        `missing required key "${key}" in ${where}`,
        // At the key when it is there without a value, else at the enclosing mapping.
        locate(doc, lineCounter, [...segments, key], 'key'),
        schemaDescription(`${error.schemaPath.replace(/\/required$/, '')}/properties/${key}`),
      );
      return;
    }
    case 'type':
      report(
        `${where} must be ${expected(String(error.params.type))}, not ${describe(value)}`,
        locate(doc, lineCounter, segments),
        typeHint(String(error.params.type), value) ?? schemaDescription(error.schemaPath),
      );
      return;
    case 'enum':
      report(
        `${where} must be one of ${(error.params.allowedValues as unknown[]).map((v) => `"${String(v)}"`).join(', ')}, not "${String(value)}"`,
        locate(doc, lineCounter, segments),
      );
      return;
    case 'pattern':
      report(`${where}: "${String(value)}" is not valid`, locate(doc, lineCounter, segments));
      return;
    case 'minItems':
    case 'minLength':
      report(`${where} must not be empty`, locate(doc, lineCounter, segments));
      return;
    default:
      report(`${where} ${error.message ?? 'is not valid'}`, locate(doc, lineCounter, segments));
  }
}

/** "page.margins.top", "editions[1].name". */
function pathLabel(segments: string[]): string {
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** The description of the deepest schema along `schemaPath` ("#/properties/page/properties/size/type"). */
function schemaDescription(schemaPath: string): string | undefined {
  let node: unknown = bookSchema;
  let found: string | undefined = bookSchema.description;
  for (const part of schemaPath.split('/').slice(1)) {
    node = (node as Record<string, unknown> | undefined)?.[part];
    if (node === undefined || node === null || typeof node !== 'object') break;
    const description = (node as { description?: unknown }).description;
    if (typeof description === 'string') found = description;
  }
  return found;
}

function expected(types: string): string {
  const names: Record<string, string> = {
    string: 'text',
    number: 'a number',
    integer: 'a whole number',
    array: 'a list',
    object: 'a mapping of keys',
    boolean: 'true or false',
  };
  return types
    .split(',')
    .map((t) => names[t] ?? t)
    .join(' or ');
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value}"`;
  return `${typeof value} ${String(value)}`;
}

function typeHint(types: string, value: unknown): string | undefined {
  if (types === 'array' && (typeof value === 'string' || typeof value === 'number')) {
    return `write a list, e.g. [${String(value)}]`;
  }
  if (types === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return 'put the value in quotes';
  }
  return undefined;
}

/** The allowed key nearest to a misspelt one (edit distance ≤ 2), for "did you mean". */
function closest(key: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

// ---------------------------------------------------------------------------
// Defaults.

type Locator = (segments: (string | number)[], target?: Target) => { file: string; line: number; column: number };

function resolveConfig(raw: RawBookConfig, root: string, file: string, at: Locator, bag: DiagnosticBag): BookConfig {
  reportDuplicates(
    raw.languages.map((lang, i) => ({ name: lang, segments: ['languages', i] })),
    'language',
    at,
    bag,
  );
  const editions = (raw.editions ?? DEFAULT_EDITIONS).map(resolveEdition);
  reportDuplicates(
    (raw.editions ?? []).map((e, i) => ({
      name: typeof e === 'string' ? e : e.name,
      segments: typeof e === 'string' ? ['editions', i] : ['editions', i, 'name'],
    })),
    'edition',
    at,
    bag,
  );

  const print = resolvePrint(raw.print, at);
  const page = resolvePage(raw.page ?? {}, at, bag, targetPageDefaults(print));
  checkPageAgainstTarget(page, print, raw.page, at, bag);
  const config: BookConfig = {
    root,
    file,
    title: raw.title,
    subtitle: raw.subtitle ?? '',
    authors: raw.authors ?? [],
    publisher: raw.publisher ?? '',
    languages: raw.languages,
    editions,
    page,
    print,
    toc: { depth: raw.toc?.depth ?? 2 },
    keywords: raw.keywords ?? [],
    translations: raw.translations ?? {},
    blocks: resolveBlocks(raw.blocks ?? {}, editions, at, bag),
  };
  if (raw.concordance !== undefined) {
    if (editions.some((e) => e.name === raw.concordance)) config.concordance = raw.concordance;
    else bag.error({ code: 'config/schema', message: `concordance: "${raw.concordance}" is not an edition of this book`, ...at(['concordance']), hint: `name one of: ${editions.map((e) => e.name).join(', ')}` });
  }
  if (raw.subject !== undefined) config.subject = raw.subject;
  if (raw.rights !== undefined) config.rights = raw.rights;
  return config;
}

/** `blocks:`: aliases must name a block coursebook or the course knows; callouts, declared editions. */
function resolveBlocks(raw: Record<string, string | RawBlock>, editions: EditionConfig[], at: Locator, bag: DiagnosticBag): Record<string, BlockConfig> {
  const blocks: Record<string, BlockConfig> = {};
  const editionNames = editions.map((e) => e.name);
  const known = new Set<string>([...DIV_NAMES, ...editions.flatMap((e) => e.includes), ...Object.keys(raw)]);
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') {
      if (!known.has(value) || value === name) {
        bag.error({
          code: 'config/schema',
          message: `blocks.${name}: "${value}" is not a block coursebook knows`,
          ...at(['blocks', name]),
          hint: `alias one of: ${[...known].filter((k) => k !== name).sort().join(', ')}`,
        });
      }
      blocks[name] = { kind: 'alias', target: value };
      continue;
    }
    for (const [i, edition] of (value.editions ?? []).entries()) {
      if (editionNames.includes(edition)) continue;
      bag.error({
        code: 'config/schema',
        message: `blocks.${name}.editions: "${edition}" is not an edition of this book`,
        ...at(['blocks', name, 'editions', i]),
        hint: `editions: ${editionNames.join(', ')}`,
      });
    }
    const label = typeof value.label === 'string' ? { '*': value.label } : (value.label ?? {});
    blocks[name] = { kind: 'callout', label, editions: value.editions ?? null };
  }
  // Aliases of aliases are followed once here, so everything downstream sees a final name.
  for (const [name, block] of Object.entries(blocks)) {
    const seen = new Set([name]);
    let target = block.kind === 'alias' ? block.target : null;
    while (target !== null && blocks[target]?.kind === 'alias' && !seen.has(target)) {
      seen.add(target);
      target = (blocks[target] as { target: string }).target;
    }
    if (target !== null) blocks[name] = { kind: 'alias', target };
  }
  return blocks;
}

function resolveEdition(raw: string | RawEdition): EditionConfig {
  const given: RawEdition = typeof raw === 'string' ? { name: raw } : raw;
  const edition: EditionConfig = {
    name: given.name,
    label: given.label ?? {},
    includes: given.includes ?? DEFAULT_INCLUDES[given.name] ?? [given.name],
  };
  if (given.coverColor !== undefined) edition.coverColor = given.coverColor;
  if (given.watermark !== undefined) edition.watermark = given.watermark;
  return edition;
}

function reportDuplicates(
  entries: { name: string; segments: (string | number)[] }[],
  kind: string,
  at: Locator,
  bag: DiagnosticBag,
): void {
  const firstLine = new Map<string, number>();
  for (const { name, segments } of entries) {
    const location = at(segments);
    const first = firstLine.get(name);
    if (first === undefined) {
      firstLine.set(name, location.line);
      continue;
    }
    bag.error({
      code: 'config/schema',
      message: `${kind} "${name}" is listed twice`,
      ...location,
      hint: `it is already listed on line ${first}: remove one of them`,
    });
  }
}

function resolvePage(
  raw: NonNullable<RawBookConfig['page']>,
  at: Locator,
  bag: DiagnosticBag,
  fromTarget: { bleedMm: number; marks: 'none' | 'crop'; paperThicknessMm: number },
): PageGeometry {
  const sizeText = raw.size ?? PAGE_DEFAULTS.size;
  let size = parsePageSize(sizeText);
  if (!size) {
    bag.error({
      code: 'config/schema',
      message: `unknown page size "${sizeText}"`,
      ...at(['page', 'size']),
      hint: 'use A4, A5, B5, Letter, or "<width> <height>" such as "170mm 240mm" (units mm, cm, in, pt)',
    });
    size = parsePageSize(PAGE_DEFAULTS.size)!;
  }

  const length = (segments: string[], value: RawLength | undefined, fallback: RawLength): number => {
    const mm = parseLength(value ?? fallback);
    if (mm !== null) return mm;
    bag.error({
      code: 'config/schema',
      message: `invalid length "${String(value)}" for ${segments.join('.')}`,
      ...at(segments),
      hint: 'write a non-negative length with a unit: mm, cm, in or pt, e.g. "3mm" (a bare number means mm)',
    });
    return parseLength(fallback)!;
  };
  const margins = raw.margins ?? {};
  const marginDefaults = PAGE_DEFAULTS.margins;

  return {
    size: sizeText,
    widthMm: size.widthMm,
    heightMm: size.heightMm,
    gutterMm: length(['page', 'gutter'], raw.gutter, PAGE_DEFAULTS.gutter),
    margins: {
      topMm: length(['page', 'margins', 'top'], margins.top, marginDefaults.top),
      bottomMm: length(['page', 'margins', 'bottom'], margins.bottom, marginDefaults.bottom),
      innerMm: length(['page', 'margins', 'inner'], margins.inner, marginDefaults.inner),
      outerMm: length(['page', 'margins', 'outer'], margins.outer, marginDefaults.outer),
    },
    bleedMm: length(['page', 'bleed'], raw.bleed, fromTarget.bleedMm),
    marks: raw.marks ?? fromTarget.marks,
    paperThicknessMm: length(['page', 'paperThickness'], raw.paperThickness, fromTarget.paperThicknessMm),
  };
}
