import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { bookSchema } from './schema.ts';
import { validatorOf } from './schema-kit.ts';
import { validateBook as generatedValidateBook } from './validators.generated.ts';
import type { BookConfig } from './types.ts';
import { CONFIG_FILE } from './config-file.ts';
import { dropEmptyValues, locate, reportYamlProblems, yamlToJs, type Target } from './yaml-source.ts';
import { reportSchemaError } from './schema-errors.ts';
import { resolveConfig } from './resolve-config.ts';

const validateBook = validatorOf(bookSchema, generatedValidateBook);

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
    config = resolveConfig(data, absRoot, file, at, found);
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
      message: missing ? `no ${CONFIG_FILE} in ${path.dirname(file)}` : `cannot read ${CONFIG_FILE}: ${(error as Error).message}`,
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
