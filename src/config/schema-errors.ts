/** book.yaml's schema errors (ajv) as diagnostics at the offending key or value, with the schema's own hint. */
import type { ErrorObject } from 'ajv';
import { didYouMean } from '../diagnostics/did-you-mean.ts';
import type { Document, LineCounter } from 'yaml';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { bookSchema } from './schema.ts';
import { locate } from './yaml-source.ts';
import { CONFIG_FILE } from './config-file.ts';

export function reportSchemaError(error: ErrorObject, doc: Document, lineCounter: LineCounter, bag: DiagnosticBag): void {
  // if/then/else on editions items: the branch's own errors say what is wrong.
  if (error.keyword === 'if') return;

  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = segments.length === 0 ? CONFIG_FILE : pathLabel(segments);
  const value: unknown = error.data;
  // By default the hint is the schema's description of the offending value.
  const report = (message: string, location: { line: number; column: number }, hint = schemaDescription(error.schemaPath)) =>
    bag.error({ code: 'config/schema', message, file: CONFIG_FILE, ...location, ...(hint ? { hint } : {}) });

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const guess = didYouMean(key, allowed);
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
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects and lists returned above: only scalars reach here
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
