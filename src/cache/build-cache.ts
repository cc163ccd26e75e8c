/**
 * The course's build cache (`<course>/.coursebook-cache/`): what one build
 * leaves for the next, so that only what changed is printed or assembled again.
 * It is content-addressed: an entry's key is a digest of everything its value
 * depends on, so an entry is never stale, only unused (and pruned).
 *
 * What it holds (cache-entries.ts names every kind, with its type):
 * - `<key>.pdf`: PDFs. A printed document, under its print key (`printKey`:
 *   the HTML, every local file it refers to, the print options and the
 *   browser's version, so a PDF is reused only when Chromium would print
 *   exactly the same thing), or an assembled interior, under its assembly key
 *   (the print keys of its parts and the assembly settings).
 * - `derived/<key>.<kind>`: records about one of those PDFs, under its key
 *   with a suffix naming the kind.
 * - `builds/`: build records for skipping a build with nothing to do
 *   (up-to-date.ts; they share the folder, not this class).
 *
 * Page numbers are never baked into a printed part (they are stamped at
 * assembly), so a part whose source did not change is reused even when
 * earlier chapters grew.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../report/atomic-write.ts';

export class BuildCache {
  private readonly fileDigests = new Map<string, string>();
  /** Keys already computed in this build, by print options then HTML. */
  private readonly keys = new Map<string, Map<string, string>>();
  private readonly used = new Set<string>();
  private readonly usedDerived = new Set<string>();
  hits = 0;
  misses = 0;

  constructor(
    readonly dir: string | null,
    /** Browser version and coursebook version: a new browser prints differently. */
    private readonly salt: string,
  ) {}

  /** The print key of a document: its PDF's entry and the records about that PDF are filed under it. */
  key(html: string, options: Record<string, unknown>): string {
    // A build asks for the same document's key several times (print, assembly key, document ID):
    // V8 hashes a string once, so the memo costs one lookup instead of another pass over the HTML.
    const optionsJson = JSON.stringify(options);
    let memo = this.keys.get(optionsJson);
    if (!memo) this.keys.set(optionsJson, (memo = new Map<string, string>()));
    let key = memo.get(html);
    if (key === undefined) {
      const hash = createHash('sha256').update(this.salt).update(optionsJson).update(html);
      for (const file of referencedFiles(html)) hash.update(file).update(this.digestOf(file));
      key = hash.digest('hex');
      memo.set(html, key);
    }
    return key;
  }

  /**
   * Drops the memoized keys of documents their edition is done with: the memo
   * holds each HTML string it keys, and would keep every document of the
   * build (some 6 MB per edition of the 40-chapter course) to its end.
   */
  forgetKeys(htmls: string[]): void {
    for (const memo of this.keys.values()) for (const html of htmls) memo.delete(html);
  }

  /** A PDF (printed document or assembled interior), or null when the cache has none under that key. */
  get(key: string): Uint8Array | null {
    if (!this.dir) return null;
    const file = path.join(this.dir, `${key}.pdf`);
    try {
      const bytes = fs.readFileSync(file);
      this.used.add(key);
      this.hits++;
      return bytes;
    } catch {
      this.misses++;
      return null;
    }
  }

  put(key: string, pdf: Uint8Array): void {
    if (!this.dir) return;
    fs.mkdirSync(this.dir, { recursive: true });
    writeFileAtomic(path.join(this.dir, `${key}.pdf`), pdf);
    this.used.add(key);
  }

  /** A record about a cached PDF, by its file name: the PDF's key and the record kind's suffix (cache-entries.ts). */
  getDerived(name: string): string | null {
    if (!this.dir) return null;
    try {
      const value = fs.readFileSync(path.join(this.dir, 'derived', name), 'utf8');
      this.usedDerived.add(name);
      return value;
    } catch {
      return null;
    }
  }

  putDerived(name: string, value: string): void {
    if (!this.dir) return;
    fs.mkdirSync(path.join(this.dir, 'derived'), { recursive: true });
    writeFileAtomic(path.join(this.dir, 'derived', name), value);
    this.usedDerived.add(name);
  }

  /** Drops entries this build did not use, keeping the newest `keep` of them for switching back and forth. */
  prune(keep = 200): void {
    if (!this.dir) return;
    pruneUnused(this.dir, (f) => f.endsWith('.pdf') && !this.used.has(f.slice(0, -4)), keep);
    pruneUnused(path.join(this.dir, 'derived'), (f) => !this.usedDerived.has(f), keep);
  }

  private digestOf(file: string): string {
    let digest = this.fileDigests.get(file);
    if (digest === undefined) this.fileDigests.set(file, (digest = fileDigest(file)));
    return digest;
  }
}

/**
 * Digests of files read by earlier builds of this process (`coursebook dev`,
 * the benchmark), by path, with the stat that identifies the version read:
 * a document loads about 170 font files, hashed again by every build though
 * they never change. Size, modification and change times and inode together
 * change with any write or replacement of the file (browser-salt.ts trusts
 * size and mtime the same way for the browser's executable).
 */
const knownDigests = new Map<string, { version: string; digest: string }>();

function fileDigest(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    knownDigests.delete(file);
    return 'missing';
  }
  // Only regular files are read: a FIFO or device would block the build for ever.
  if (!stat.isFile()) return `not a file (mode ${stat.mode})`;
  const version = statVersion(stat);
  const known = knownDigests.get(file);
  if (known?.version === version) return known.digest;
  let digest: string;
  try {
    digest = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return 'missing';
  }
  knownDigests.set(file, { version, digest });
  return digest;
}

function statVersion(stat: fs.Stats): string {
  return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
}

/** Local files an HTML document (or the CSS it links) loads. */
export function referencedFiles(html: string): string[] {
  const files = new Set<string>();
  const visit = (direct: readonly string[]): void => {
    for (const file of direct) {
      if (files.has(file)) continue;
      files.add(file);
      if (file.endsWith('.css')) visit(cssReferences(file));
    }
  };
  visit(fileUrls(html));
  return [...files].sort();
}

/** The files named by `file://` URLs in a text, in order (a pure function of the text). */
function fileUrls(text: string): string[] {
  return Array.from(text.matchAll(/file:\/\/[^"')\s>]+/g), (match) => fileURLToPath(match[0]));
}

/**
 * A stylesheet's `file://` references, remembered by the stylesheet's
 * version (see fileDigest): every document of every build links the same
 * few stylesheets, whose fonts are found again in each otherwise.
 */
const knownCss = new Map<string, { version: string; refs: string[] }>();

function cssReferences(file: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return [];
  }
  if (!stat.isFile()) return [];
  const version = statVersion(stat);
  const known = knownCss.get(file);
  if (known?.version === version) return known.refs;
  const refs = fileUrls(fs.readFileSync(file, 'utf8'));
  knownCss.set(file, { version, refs });
  return refs;
}

/**
 * Removes the files of `dir` that `unused` names, but the newest `keep` of
 * them: a cache keeps a few entries a build did not use, for switching back
 * and forth between versions.
 */
export function pruneUnused(dir: string, unused: (file: string) => boolean, keep: number): void {
  if (!fs.existsSync(dir)) return;
  const stale = fs
    .readdirSync(dir)
    .filter(unused)
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of stale.slice(keep)) fs.rmSync(path.join(dir, f), { force: true });
}
