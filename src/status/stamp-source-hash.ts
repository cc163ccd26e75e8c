import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { LineCounter, isMap, isScalar, parse, parseDocument, type Document, type Pair } from 'yaml';
import { loadBookConfig } from '../config/load-config.ts';
import { parseFrontMatter } from '../content/front-matter.ts';
import { BuildFailedError, DiagnosticBag, type DiagnosticInput } from '../diagnostics/diagnostic.ts';
import { sourceHash } from './source-hash.ts';
import { readUtf8 } from './translation-status.ts';

const KEY = 'source_hash';

export interface MarkResult {
  /** The translation, relative to the course root: "content/en/02-governance.md". */
  file: string;
  /** Its source chapter, relative to the course root. */
  sourceFile: string;
  /** The hash now recorded. */
  hash: string;
  /** The source_hash the translation had before, if any. */
  previous?: string;
  /** False when the translation already carried this hash (the file is left untouched). */
  changed: boolean;
}

/**
 * Records that `content/<lang>/<chapterName>` is an up-to-date translation of the source
 * chapter of the same name: sets `source_hash: <current source hash>` in its front matter.
 * Only that line is written or replaced; the rest of the file is kept byte for byte. The
 * file is replaced atomically (temporary file + rename in the same folder).
 *
 * Throws a BuildFailedError carrying diagnostics when book.yaml is invalid, the language or
 * chapter is not a translation, a file is missing, or the translation's front matter has
 * errors (other than a bad source_hash value, which is what gets replaced).
 */
export function markTranslated(root: string, lang: string, chapterName: string): MarkResult {
  const bag = new DiagnosticBag();
  const fail = (input: DiagnosticInput): never => {
    bag.error(input);
    throw new BuildFailedError(bag.items);
  };

  const config = loadBookConfig(root, bag);
  if (!config) throw new BuildFailedError(bag.items);
  const sourceLang = config.languages[0] ?? '';
  const file = `content/${lang}/${chapterName}`;
  const sourceFile = `content/${sourceLang}/${chapterName}`;

  if (chapterName !== path.basename(chapterName) || !chapterName.endsWith('.md') || chapterName.startsWith('.')) {
    fail({
      code: 'status/not-a-chapter',
      message: `"${chapterName}" is not a chapter file name`,
      hint: 'give the name of a Markdown chapter, e.g. 02-governance.md',
    });
  }
  if (lang === sourceLang) {
    fail({
      code: 'status/source-language',
      message: `${file} is in the source language "${sourceLang}": only translations carry a source_hash`,
      file,
      hint: `mark its translations instead, e.g. content/${config.languages[1] ?? '<lang>'}/${chapterName}`,
    });
  }
  if (!config.languages.includes(lang)) {
    fail({
      code: 'status/unknown-language',
      message: `book.yaml does not list the language "${lang}"`,
      file: 'book.yaml',
      hint: `book.yaml lists: ${config.languages.join(', ')}`,
    });
  }
  const absSource = path.join(config.root, sourceFile);
  const absFile = path.join(config.root, file);
  if (!fs.existsSync(absSource)) {
    fail({
      code: 'status/no-source',
      message: `${file} has no source chapter ${sourceFile}`,
      file,
      hint: 'a translation carries the same file name as its source chapter',
    });
  }
  if (!fs.existsSync(absFile)) {
    fail({ code: 'status/no-translation', message: `there is no ${file}`, file, hint: `translate ${sourceFile} first` });
  }

  const sourceText = readUtf8(absSource, sourceFile, bag);
  const text = readUtf8(absFile, file, bag, true); // the BOM, if any, is written back
  if (sourceText === null || text === null) throw new BuildFailedError(bag.items);
  const hash = sourceHash(sourceText);

  // The translation must be a valid chapter, save for a source_hash of the wrong type.
  const check = new DiagnosticBag();
  const parsed = parseFrontMatter(text, file, check);
  if (!parsed) {
    const hashLine = keyLine(text, KEY);
    const blocking = check.errors.filter((d) => hashLine === undefined || d.line !== hashLine);
    if (blocking.length > 0) {
      for (const d of blocking) bag.add(d);
      throw new BuildFailedError(bag.items);
    }
  }
  const previousValue: unknown = parsed?.data[KEY];
  const previous = typeof previousValue === 'string' ? previousValue : undefined;
  const result: MarkResult = { file, sourceFile, hash, changed: false };
  if (previous !== undefined) result.previous = previous;
  if (previous?.trim() === hash) return result;

  let updated: string;
  try {
    updated = withSourceHash(text, hash);
  } catch (error) {
    return fail({ code: 'status/front-matter', message: `${file}: ${(error as Error).message}`, file, line: 1 });
  }
  verifyEdit(text, updated, hash, file);
  writeAtomic(absFile, text, updated);
  return { ...result, changed: true };
}

/**
 * `text` with `source_hash: <hash>` in its front matter: the value of an existing
 * `source_hash` is replaced in place (keeping a trailing comment); otherwise the line is
 * added at the end of the front matter, with the file's line ending. Throws when the text
 * has no readable YAML front matter.
 */
export function withSourceHash(text: string, hash: string): string {
  const fm = locateFrontMatter(text);
  const value = formatScalar(hash);
  const pair = findPair(fm.doc, KEY);
  const lineOf = (offset: number) => fm.lineCounter.linePos(offset).line; // 1-based within fm.yaml

  let yaml: string;
  if (pair) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a key parsed from source text has a range
    const keyStart = range(pair.key)![0];
    const node = pair.value;
    const nodeRange = range(node);
    const hasValue = nodeRange !== undefined && nodeRange[1] > nodeRange[0];
    const oneLineScalar =
      hasValue &&
      isScalar(node) &&
      !String(node.type).startsWith('BLOCK') &&
      lineOf(nodeRange[0]) === lineOf(keyStart) &&
      lineOf(nodeRange[1] - 1) === lineOf(keyStart);
    if (oneLineScalar) {
      yaml = fm.yaml.slice(0, nodeRange[0]) + value + fm.yaml.slice(nodeRange[1]);
    } else {
      // An empty, multi-line or non-scalar value: the lines from the key to the value's end.
      const first = lineOf(keyStart);
      const last = hasValue ? lineOf(nodeRange[1] - 1) : first;
      const lines = splitLines(fm.yaml);
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the pattern matches every string (possibly empty), so exec never returns null
      const indent = /^[ \t]*/.exec(lines[first - 1] ?? '')![0];
      lines.splice(first - 1, last - first + 1, `${indent}${KEY}: ${value}${fm.eol}`);
      yaml = lines.join('');
    }
  } else {
    const firstKey = isMap(fm.doc.contents) ? range(fm.doc.contents.items[0]?.key) : undefined;
    const indent = firstKey ? ' '.repeat(fm.lineCounter.linePos(firstKey[0]).col - 1) : '';
    yaml = `${fm.yaml}${indent}${KEY}: ${value}${fm.eol}`;
  }
  return fm.before + yaml + fm.after;
}

interface FrontMatterParts {
  /** BOM and opening "---" line. */
  before: string;
  /** The YAML lines, each with its line ending. */
  yaml: string;
  /** The closing "---" line and everything after it. */
  after: string;
  eol: string;
  doc: Document;
  lineCounter: LineCounter;
}

/** Splits like src/content/front-matter.ts: "---" on line 1, closed by the next line starting with "---". */
function locateFrontMatter(text: string): FrontMatterParts {
  const lines = splitLines(text.replace(/^\uFEFF/, ''));
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const opening = lines[0] ?? '';
  if (stripEol(opening).trimEnd() !== '---') throw new Error('the file does not start with a "---" front matter');
  const close = lines.findIndex((line, i) => i > 0 && line.startsWith('---'));
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- findIndex found a line at close unless it is -1
  if (close === -1 || stripEol(lines[close]!).trimEnd() !== '---') {
    throw new Error('the front matter is not closed by a line holding only ---');
  }
  const eol = opening.endsWith('\r\n') ? '\r\n' : '\n';
  const yaml = lines.slice(1, close).join('');
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const [firstError] = doc.errors;
  if (firstError) throw new Error(`the front matter is not valid YAML: ${firstError.message}`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new Error('the front matter is not a mapping of keys');
  return { before: bom + opening, yaml, after: lines.slice(close).join(''), eol, doc, lineCounter };
}

/** 1-based file line of a top-level front-matter key, if the front matter can be read. */
function keyLine(text: string, key: string): number | undefined {
  try {
    const fm = locateFrontMatter(text);
    const start = range(findPair(fm.doc, key)?.key)?.[0];
    // +1 for the opening "---" line.
    return start === undefined ? undefined : fm.lineCounter.linePos(start).line + 1;
  } catch {
    return undefined;
  }
}

function findPair(doc: Document, key: string): Pair | undefined {
  if (!isMap(doc.contents)) return undefined;
  return doc.contents.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

function range(node: unknown): [number, number, number] | undefined {
  return (node as { range?: [number, number, number] } | null | undefined)?.range ?? undefined;
}

/** Lines with their endings kept. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function stripEol(line: string): string {
  return line.replace(/\r?\n$/, '');
}

/** Plain when YAML reads it back as the same string (not e.g. the number 12e456789012), else double-quoted. */
function formatScalar(value: string): string {
  let plain: unknown;
  try {
    plain = parse(value);
  } catch {
    plain = undefined;
  }
  return plain === value ? value : JSON.stringify(value);
}

/** The edit must set source_hash and change nothing else in the front matter or body. */
function verifyEdit(before: string, after: string, hash: string, file: string): void {
  const local = new DiagnosticBag();
  const old = parseFrontMatter(before, file, new DiagnosticBag());
  const now = parseFrontMatter(after, file, local);
  const { [KEY]: _old, ...oldRest } = old?.data ?? locateFrontMatterData(before);
  const { [KEY]: recorded, ...newRest } = now?.data ?? {};
  if (!now || recorded !== hash || !isDeepStrictEqual(oldRest, newRest) || now.body !== (old?.body ?? now.body)) {
    throw new BuildFailedError([
      {
        severity: 'error',
        code: 'status/front-matter',
        message: `could not write source_hash into ${file} without changing anything else; the file is left as it was`,
        file,
        line: 1,
        hint: `add the line "${KEY}: ${hash}" to its front matter by hand`,
      },
    ]);
  }
}

function locateFrontMatterData(text: string): Record<string, unknown> {
  const data: unknown = locateFrontMatter(text).doc.toJS();
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
}

/**
 * Replaces `file` with `text` through a temporary file in the same folder and a rename, so
 * readers never see a half-written chapter. A symbolic link is followed (the link stays).
 * Refuses when the file changed since it was read as `expected`.
 */
function writeAtomic(file: string, expected: string, text: string): void {
  const real = fs.realpathSync(file);
  const dir = path.dirname(real);
  // A dot file: the content loader ignores it should it ever be left behind.
  const tmp = path.join(dir, `.${path.basename(real)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = fs.statSync(real).mode & 0o7777;
  try {
    const fd = fs.openSync(tmp, 'wx', mode);
    try {
      fs.writeFileSync(fd, text, 'utf8');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(tmp, mode);
    if (!fs.readFileSync(real).equals(Buffer.from(expected, 'utf8'))) {
      throw new Error(`${file} changed while source_hash was being written: run the command again`);
    }
    fs.renameSync(tmp, real);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}
