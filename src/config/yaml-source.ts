/**
 * YAML files of a course (book.yaml, chapter front matter, locale files) read
 * for diagnostics: syntax problems with their line, column and a hint, values
 * as plain data (no custom tags ever run), and the place of a key or value.
 */
import { LineCounter, isAlias, isCollection, isMap, isScalar, isSeq, visit, type Document, type Pair, type YAMLError } from 'yaml';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';

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
export function reportYamlProblems(doc: Document, lineCounter: LineCounter, file: string, code: string, bag: DiagnosticBag): boolean {
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
        hint: opener ? `close it with ${opener.closer}` : (YAML_HINTS[problem.code] ?? YAML_HINT),
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

/**
 * Drops keys written without a value ("subtitle:"): authors leave them to fill in
 * later, or comment out everything under "page:", and mean "use the default".
 */
export function dropEmptyValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmptyValues);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, dropEmptyValues(v)]),
  );
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
    const start = target === 'key' && isLast ? keyStart : (rangeStart(node) ?? keyStart);
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
