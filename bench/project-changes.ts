/**
 * coursebook's own files (src/, styles/, templates/) watched while a size is
 * measured: a change meanwhile makes that size's figures doubtful, and the
 * results say so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WATCHED_DIRS = ['src', 'styles', 'templates'].map((d) => path.join(PROJECT_ROOT, d));

export function snapshotProject(): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of WATCHED_DIRS) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      try {
        const stat = fs.statSync(file);
        files.set(path.relative(PROJECT_ROOT, file), `${stat.mtimeMs} ${stat.size}`);
      } catch {
        /* removed meanwhile */
      }
    }
  }
  return files;
}

export function projectChangeWarning(changed: string[]): string {
  const list = `${changed.slice(0, 5).join(', ')}${changed.length > 5 ? `, and ${changed.length - 5} more` : ''}`;
  const assets = changed.filter((file) => !file.startsWith(`src${path.sep}`));
  const consequence = assets.length
    ? 'builds after the change used the new styles or templates, and since they are part of every print key, ' +
      'the incremental build may have reprinted everything: its figure is not meaningful'
    : 'this process kept the modules it loaded at start (lazily imported ones excepted), so the revision given above may not be exactly what ran';
  return `WARNING: coursebook's own files changed while this size ran (${list}): ${consequence}`;
}

export function projectChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}
