/**
 * Parsed chapters kept on disk (`<course>/.coursebook-cache/parsed/<key>.v8`)
 * for the next build in a NEW process: within a process, edition/parse-memo.ts
 * remembers them, but every `coursebook build` starts empty and lexing,
 * numbering and hyphenating 40 unchanged chapters took it 0.3 s of a 3 s
 * rebuild (docs/performance.md).
 *
 * An entry is the parse-memo entry (tokens, targets, answers, spans and the
 * diagnostics to replay) serialized with v8.serialize, which keeps the
 * shared references between tokens that a JSON round trip would split. Its
 * key is the parse memo's key (chapter, number, shown blocks, book.yaml, the
 * course's file list) with coursebook's code, the versions of its
 * dependencies and V8's: an entry is never stale, only unused (and pruned).
 *
 * Writing serializes about 0.25 MB per chapter: entries are queued while
 * editions are prepared and written when `flush()` is called, which the
 * build does once its documents are at the printer and the thread waits.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { Chapter } from '../content/types.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { ParsedChapter } from '../markdown/types.ts';
import { codeDigest } from '../inputs-digest.ts';
import { PROJECT_ROOT, VERSION } from '../project-paths.ts';
import { writeFileAtomic } from '../report/atomic-write.ts';
import { pruneUnused } from './build-cache.ts';

export interface ParseEntry {
  parsed: ParsedChapter;
  diagnostics: Diagnostic[];
}

/** What is stored: the chapter itself is not (the build has it, and it is part of the key). */
interface StoredEntry {
  parsed: Omit<ParsedChapter, 'chapter'>;
  diagnostics: Diagnostic[];
}

export class ParsedChapterStore {
  private readonly dir: string | null;
  private readonly used = new Set<string>();
  private readonly queued = new Map<string, ParseEntry>();

  /** `cacheDir` is the course's build cache folder, or null for a build without cache (nothing read or written). */
  constructor(cacheDir: string | null) {
    this.dir = cacheDir === null ? null : path.join(cacheDir, 'parsed');
  }

  /** The entry stored under the parse memo's key, given back with this build's chapter object; null when there is none. */
  get(memoKey: string, chapter: Chapter): ParseEntry | null {
    if (!this.dir) return null;
    const name = this.fileName(memoKey);
    let stored: StoredEntry;
    try {
      stored = v8.deserialize(fs.readFileSync(path.join(this.dir, name))) as StoredEntry;
    } catch {
      return null; // none, or unreadable: parsed again and written anew
    }
    this.used.add(name);
    return { parsed: { ...stored.parsed, chapter }, diagnostics: stored.diagnostics };
  }

  /**
   * Records that this build used the entry (reused from memory or parsed
   * now): it is written by `flush()` if the folder does not have it yet.
   */
  keep(memoKey: string, entry: ParseEntry): void {
    if (!this.dir) return;
    const name = this.fileName(memoKey);
    this.used.add(name);
    if (!this.queued.has(name) && !fs.existsSync(path.join(this.dir, name))) this.queued.set(name, entry);
  }

  /** Writes the entries kept since the last flush; one that cannot be serialized is left out (and parsed again next time). */
  flush(): void {
    if (!this.dir) return;
    for (const [name, { parsed, diagnostics }] of this.queued) {
      const stored: StoredEntry = { parsed: { ...parsed, chapter: undefined } as Omit<ParsedChapter, 'chapter'>, diagnostics };
      let bytes: Buffer;
      try {
        bytes = v8.serialize(stored);
      } catch {
        continue;
      }
      writeFileAtomic(path.join(this.dir, name), bytes);
    }
    this.queued.clear();
  }

  /** Drops entries this build did not use, keeping the newest `keep` of them for switching back and forth. */
  prune(keep = 400): void {
    if (this.dir) pruneUnused(this.dir, (f) => !this.used.has(f), keep);
  }

  private fileName(memoKey: string): string {
    return `${createHash('sha256').update(codeSalt()).update(memoKey).digest('hex')}.v8`;
  }
}

let salt: string | undefined;

/** The code a parse was made by: coursebook's, its dependencies' (marked, hyphen, temml…) and the serializer's. */
function codeSalt(): string {
  salt ??= [`coursebook ${VERSION} ${codeDigest()}`, `v8 ${process.versions.v8}`, ...dependencyVersions()].join('\n');
  return salt;
}

function dependencyVersions(): string[] {
  const own = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(own.dependencies ?? {})
    .sort()
    .map((name) => `${name} ${installedVersion(name)}`);
}

/** The version of a dependency as node would resolve it from coursebook's folder (its own node_modules, or a parent's). */
function installedVersion(name: string): string {
  for (let dir = PROJECT_ROOT; ; dir = path.dirname(dir)) {
    try {
      return (JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      if (path.dirname(dir) === dir) return 'missing';
    }
  }
}
