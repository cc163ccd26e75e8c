/**
 * docs/configuration.md, rendered from the schemas of book.yaml, chapter front
 * matter and locale files, so the reference cannot drift from what coursebook
 * accepts: `npm run docs:config` writes it, reference.test.ts fails when the
 * file is out of date.
 */
import { frontMatterSchema } from '../content/front-matter-schema.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { BUILTIN_LOCALES_DIR, loadLocale } from '../layout/locale.ts';
import { localeSchema } from '../layout/locale-schema.ts';
import { EDITION_NAME_PATTERN, LANGUAGE_PATTERN, bookSchema } from './schema.ts';

/** The JSON-schema keywords the reference reads. */
interface Node {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  required?: string[];
  properties?: Record<string, Node>;
  patternProperties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
  propertyNames?: Node;
  items?: Node;
  if?: Node;
  then?: Node;
  else?: Node;
  $ref?: string;
}

export interface ReferenceRow {
  key: string;
  type: string;
  default: string;
  allowed: string;
  description: string;
}

/** What a pattern accepts, in words; the placeholder a key matching it is shown as. */
const PATTERNS: Record<string, { words: string; placeholder: string }> = {
  [LANGUAGE_PATTERN]: { words: 'a language code: fr, en, ar, fr-CA', placeholder: '<lang>' },
  [EDITION_NAME_PATTERN]: { words: 'lower-case letters, digits and dashes', placeholder: '<name>' },
  '\\S': { words: 'not blank', placeholder: '<name>' },
};

/** One row per key: its dotted path (`page.margins.top`, `editions[].name`, `translations.<lang>.title`). */
export function referenceRows(schema: unknown): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  visit(schema as Node, '', rows);
  return rows;
}

function visit(node: Node, path: string, rows: ReferenceRow[]): void {
  const shape = node.if ? (node.else ?? {}) : node;
  const required = new Set(shape.required ?? []);
  const child = (key: string) => (path ? `${path}.${key}` : key);
  for (const [key, sub] of Object.entries(shape.properties ?? {})) add(sub, child(key), required.has(key), rows);
  for (const [pattern, sub] of Object.entries(shape.patternProperties ?? {})) {
    add(sub, child(PATTERNS[pattern]?.placeholder ?? '<key>'), false, rows, pattern);
  }
  const other = shape.additionalProperties;
  if (typeof other === 'object' && !other.$ref) {
    const pattern = shape.propertyNames?.pattern;
    add(other, child((pattern && PATTERNS[pattern]?.placeholder) || '<key>'), false, rows, pattern);
  }
  if (shape.type === 'array' && shape.items && hasKeys(shape.items)) visit(shape.items, `${path}[]`, rows);
}

function add(node: Node, key: string, required: boolean, rows: ReferenceRow[], keyPattern?: string): void {
  rows.push({
    key,
    type: typeName(node),
    default: required ? 'required' : node.default === undefined ? '' : `\`${inline(node.default)}\``,
    allowed: [keyPattern ? `key: ${patternWords(keyPattern)}` : '', allowedValues(node)].filter(Boolean).join('; '),
    description: node.description ?? node.else?.description ?? '',
  });
  if (hasKeys(node)) visit(node, key, rows);
}

function hasKeys(node: Node): boolean {
  const shape = node.if ? (node.else ?? {}) : node;
  const other = shape.additionalProperties;
  return Boolean(
    shape.properties ||
    shape.patternProperties ||
    (typeof other === 'object' && !other.$ref) ||
    (shape.type === 'array' && shape.items && hasKeys(shape.items)),
  );
}

function typeName(node: Node): string {
  if (node.if) return `${typeName(node.then ?? {})} or ${typeName(node.else ?? {})}`;
  const types = Array.isArray(node.type) ? node.type : [node.type ?? 'object'];
  // Locale strings may be written as numbers or true/false; book.yaml lengths as a number of mm.
  if (types.includes('boolean') && types.includes('string')) return 'text';
  if (types.includes('number') && types.includes('string')) return 'length (text with a unit, or a number of mm)';
  const [type] = types;
  if (type === 'array') {
    const item = typeName(node.items ?? {});
    return item.includes(' or ') ? `list, each ${item}` : `list of ${item}`;
  }
  const names: Record<string, string> = {
    string: 'text',
    integer: 'whole number',
    number: 'number',
    boolean: 'true or false',
    object: 'mapping',
  };
  return names[type ?? 'object'] ?? String(type);
}

function allowedValues(node: Node): string {
  if (node.if) {
    const asText = allowedValues(node.then ?? {});
    return asText ? `as text: ${asText}` : '';
  }
  const parts: string[] = [];
  if (node.enum) parts.push(node.enum.map((v) => `\`${String(v)}\``).join(', '));
  if (node.pattern) parts.push(patternWords(node.pattern));
  if (node.minLength === 1) parts.push('not empty');
  if (node.minItems === 1) parts.push('at least one');
  if (node.minimum !== undefined && node.maximum !== undefined) parts.push(`${node.minimum} to ${node.maximum}`);
  if (node.items) {
    const items = allowedValues(node.items);
    if (items) parts.push(`items: ${items}`);
  }
  return parts.join('; ');
}

function patternWords(pattern: string): string {
  return PATTERNS[pattern]?.words ?? `matching \`${pattern}\``;
}

/** A default as it would be written in YAML flow style. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  return String(value);
}

function table(rows: ReferenceRow[], defaultHeader = 'default'): string {
  // `<name>` outside code would be read as an HTML tag and vanish.
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/</g, '&lt;');
  return [
    `| key | type | ${defaultHeader} | allowed values | description |`,
    '|---|---|---|---|---|',
    ...rows.map((r) => `| \`${r.key}\` | ${cell(r.type)} | ${cell(r.default)} | ${cell(r.allowed)} | ${cell(r.description)} |`),
  ].join('\n');
}

/** Locale rows with the built-in English string as their default: what a course gets when it overrides nothing. */
function localeRows(): ReferenceRow[] {
  const english = loadLocale('en', [BUILTIN_LOCALES_DIR], new DiagnosticBag());
  return referenceRows(localeSchema).map((row) =>
    row.type === 'text' && row.key !== 'dir' && row.key !== 'digits' && english.has(row.key)
      ? { ...row, default: `\`${english.t(row.key).replace(/\u00a0/g, ' ')}\`` }
      : row,
  );
}

/** The whole page. */
export function renderReference(): string {
  return `<!-- Generated from the schemas by \`npm run docs:config\` (src/config/reference.ts): edit the schemas, not this file. -->
# Configuration reference

coursebook reads three kinds of YAML files. Each is described once, in a schema
(TypeBox, checked with ajv) that gives coursebook its types, its error messages
with the file, line and hint, and this page. A key left without a value
(\`subtitle:\`) is the same as a key not written.

## book.yaml

The course's settings, at the root of the course folder
([src/config/schema.ts](../src/config/schema.ts)). ${bookSchema.description}.
Every mapping is closed: a key not listed here is an error, with a "did you
mean" for a near miss. Lengths are written with a unit (\`mm\`, \`cm\`, \`in\`,
\`pt\`); a bare number is millimetres.

${table(referenceRows(bookSchema))}

## Chapter front matter

The YAML block at the top of each chapter, \`content/<lang>/NN-name.md\`
([src/content/front-matter-schema.ts](../src/content/front-matter-schema.ts)):
${frontMatterSchema.description}. A key not listed here is noted once for the
whole course and ignored (lessons written for other tools carry keys of their
own); a near miss of a listed key is a warning with a "did you mean".

${table(referenceRows(frontMatterSchema))}

## Locale files

\`<lang>.yaml\` files hold the ${localeSchema.description}
([src/layout/locale-schema.ts](../src/layout/locale-schema.ts)). The built-in
files are in [templates/locales/](../templates/locales/); a course's
\`locales/<lang>.yaml\` overrides them key by key. A string missing for
\`fr-CA\` is taken from \`fr\`, then from \`en\`. A value of the wrong type is a
warning at its line and is ignored. Keys not listed here are accepted, as
text or as groups of further keys: a course's own templates may print strings
of their own. \`dir\` and \`digits\` only count for the language whose file
sets them. The default shown is the built-in English string.

${table(localeRows(), 'default (en)')}
`;
}
