import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The coursebook installation: its built-in templates/, styles/ and node_modules/. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUILTIN_TEMPLATES = path.join(PROJECT_ROOT, 'templates');
export const BUILTIN_STYLES = path.join(PROJECT_ROOT, 'styles');
export const VERSION = '0.1.0';
