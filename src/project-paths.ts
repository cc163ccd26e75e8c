import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The coursebook installation: its built-in templates/, styles/ and
 * node_modules/. The nearest folder above this module with a package.json:
 * the module runs from src/, from dist/ or from the bundle in dist/bundle/.
 */
export const PROJECT_ROOT = installationRoot(path.dirname(fileURLToPath(import.meta.url)));

function installationRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}
export const BUILTIN_TEMPLATES = path.join(PROJECT_ROOT, 'templates');
export const BUILTIN_STYLES = path.join(PROJECT_ROOT, 'styles');
export const VERSION = '0.1.0';
