import { createHash } from 'node:crypto';
import { isMap, parseDocument } from 'yaml';

/** Number of hex digits kept from the SHA-256 digest (48 bits). */
export const SOURCE_HASH_LENGTH = 12;

/** Bumped if the definition below ever changes: every translation then reads as outdated. */
const HASH_VERSION = 'coursebook-source-hash/1';

/**
 * A short, stable digest of a source-language chapter, recorded as `source_hash:` in the
 * front matter of its translations to tell which version of the source they follow.
 *
 * What is hashed, precisely:
 *
 * 1. The text is normalised: a leading BOM is dropped, CRLF and lone CR become LF, the
 *    text is put in Unicode NFC, and trailing spaces and tabs are removed from every line.
 * 2. Front matter: if the first line is `---` and a later line is `---`, the lines between
 *    are the front matter and the lines after the closing `---` are the body; otherwise
 *    there is no front matter and the whole text is the body.
 * 3. The front matter is parsed as YAML. When it is a mapping without errors, its data
 *    (every key — title, objectives, duration, materials, method, editions… — since all of
 *    them are carried over into a translation) minus the top-level `source_hash` key is
 *    serialised as JSON with the keys sorted at every level: key order, quoting, flow or
 *    block lists and comments do not count, values do. When it is not valid YAML, its
 *    lines minus those starting with `source_hash:` are used as text.
 * 4. The body with its leading and trailing blank lines removed.
 * 5. digest = first 12 hex digits of SHA-256 over the UTF-8 JSON of
 *    `["coursebook-source-hash/1", frontMatter, body]` (frontMatter is null when absent).
 *
 * So the digest does not depend on line endings, trailing whitespace, blank lines around
 * the body, the form of the YAML, or a `source_hash` key in the text itself; any other
 * change to the chapter's words changes it.
 */
export function sourceHash(sourceChapterText: string): string {
  const { frontMatter, body } = canonicalChapter(sourceChapterText);
  const payload = JSON.stringify([HASH_VERSION, frontMatter, body]);
  return createHash('sha256').update(payload, 'utf8').digest('hex').slice(0, SOURCE_HASH_LENGTH);
}

/** The normalised parts that `sourceHash` digests (exported for tests and debugging). */
export function canonicalChapter(text: string): { frontMatter: unknown; body: string } {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''));

  let frontMatter: unknown = null;
  let bodyLines = lines;
  if (lines[0] === '---') {
    const close = lines.indexOf('---', 1);
    if (close !== -1) {
      frontMatter = canonicalFrontMatter(lines.slice(1, close));
      bodyLines = lines.slice(close + 1);
    }
  }
  return { frontMatter, body: trimBlankLines(bodyLines).join('\n') };
}

function canonicalFrontMatter(lines: string[]): unknown {
  const doc = parseDocument(lines.join('\n'), { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length === 0 && (isMap(doc.contents) || doc.contents === null)) {
    try {
      const data = (doc.toJS() ?? {}) as Record<string, unknown>;
      delete data.source_hash;
      return sortKeys(data);
    } catch {
      // toJS throws on alias bombs: fall through to the textual form.
    }
  }
  return trimBlankLines(lines.filter((line) => !/^source_hash\s*:/.test(line))).join('\n');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Map) return sortKeys(Object.fromEntries(value));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start] === '') start++;
  while (end > start && lines[end - 1] === '') end--;
  return lines.slice(start, end);
}
