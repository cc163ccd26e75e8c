/**
 * The languages code blocks are highlighted in: the ones course material is
 * written in (shell sessions, data analysis, spreadsheets, the web, systems
 * languages). highlight.js's core with these alone loads in about a third of
 * the time of its full build of 190 languages (docs/performance.md). A
 * language not listed prints plain, as an unknown one does.
 *
 * Loaded at the first code block a build highlights, not with the module: a
 * course without code never loads it, and loading it took a new `coursebook
 * build` process 0.06–0.2 s before its first print.
 */
import { createRequire } from 'node:module';
import type { HLJSApi, LanguageFn } from 'highlight.js';

/** The languages registered, by their highlight.js module name (`highlight.js/lib/languages/<name>`). */
const LANGUAGES = [
  'bash',
  'shell',
  'python',
  'r',
  'sql',
  'json',
  'yaml',
  'javascript',
  'typescript',
  'excel',
  'plaintext',
  'markdown',
  'xml',
  'css',
  'powershell',
  'java',
  'c',
  'cpp',
  'csharp',
  'go',
  'rust',
  'php',
  'ruby',
  'julia',
  'matlab',
  'dos',
  'ini',
  'diff',
  'makefile',
  'dockerfile',
  'latex',
  'scala',
  'kotlin',
  'swift',
  'perl',
  'lua',
  'haskell',
  'stata',
  'vbnet',
  'properties',
  'pgsql',
];

const load = createRequire(import.meta.url);
let loaded: HLJSApi | null = null;

/** highlight.js's core with the languages above, loaded and registered at the first call. */
export function highlighter(): HLJSApi {
  if (loaded) return loaded;
  const hljs = load('highlight.js/lib/core') as HLJSApi;
  for (const name of LANGUAGES) hljs.registerLanguage(name, load(`highlight.js/lib/languages/${name}`) as LanguageFn);
  return (loaded = hljs);
}
