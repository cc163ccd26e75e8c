/** A digest of everything an output is made from: course files, built-in templates and styles, coursebook's version. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const IGNORED = new Set(['node_modules', 'output', '.git', '.coursebook-cache']);

export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (IGNORED.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** `roots` maps a label to a folder; files are hashed by label and relative path, so the digest is the same in any checkout. */
export function inputsDigest(roots: Record<string, string>, extra: string): string {
  const hash = createHash('sha256');
  hash.update(extra);
  for (const [label, dir] of Object.entries(roots).sort()) {
    for (const file of listFiles(dir)) {
      hash.update(`\0${label}/${path.relative(dir, file).split(path.sep).join('/')}\0`);
      hash.update(fs.readFileSync(file));
    }
  }
  return hash.digest('hex');
}

let ownCode: string | undefined;

/**
 * A digest of coursebook's own code (the src/ or dist/ folder this module is
 * loaded from): what is cached from a build (assembled interiors, the record
 * that outputs are up to date) was made by this code, and is not reused by
 * other code that would write other bytes. Computed once per process.
 */
export function codeDigest(): string {
  ownCode ??= inputsDigest({ code: path.dirname(fileURLToPath(import.meta.url)) }, 'coursebook code');
  return ownCode;
}
