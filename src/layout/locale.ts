/**
 * Localized strings and number/date formatting for one book language.
 *
 * Strings come from `<lang>.yaml` files (nested maps, read as dotted keys) in
 * a list of folders — a course's `locales/` first, then the built-in
 * `templates/locales` — and a fallback chain of languages ending with `en`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';

/** The locale files shipped with coursebook. */
export const BUILTIN_LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates/locales');

/** Languages written right to left (primary subtags). */
const RTL_LANGUAGES = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'ckb', 'dv']);

export type TextDirection = 'ltr' | 'rtl';

export interface Locale {
  /** The requested language tag, canonicalized (e.g. `fr-CA`). */
  lang: string;
  dir: TextDirection;
  /** Unicode numbering system used for numbers and dates, e.g. `latn`, `arab`. */
  digits: string;
  /** Languages whose files are searched, most specific first; always ends with `en`. */
  chain: string[];
  /** The string for `key`, with `{name}` placeholders filled (numbers formatted with the locale's digits). */
  t: (key: string, vars?: Record<string, string | number>) => string;
  /** True when some file of the chain defines `key`. */
  has(key: string): boolean;
  formatNumber(n: number): string;
  /** Long date style, UTC. */
  formatDate(d: Date): string;
}

/** Strings of one file, by dotted key. */
type Strings = Map<string, string>;

interface Layer {
  lang: string;
  file: string;
  strings: Strings;
}

/**
 * Loads the locale for `lang`. `searchDirs` are folders holding `<lang>.yaml`
 * files, earlier folders overriding later ones key by key. Missing files are
 * fine; unreadable or invalid ones are reported to `bag`.
 */
export function loadLocale(lang: string, searchDirs: string[], bag: DiagnosticBag): Locale {
  const tag = canonicalTag(lang, bag);
  const chain = fallbackChain(tag);

  // Most specific language first; within one language, earlier folders first.
  const layers: Layer[] = [];
  for (const chainLang of chain) {
    for (const dir of searchDirs) {
      const layer = readLayer(dir, chainLang, bag);
      if (layer) layers.push(layer);
    }
  }

  const primary = primarySubtag(tag);
  if (primary !== 'en' && !layers.some((l) => primarySubtag(l.lang) === primary)) {
    bag.info({
      code: 'locale/no-file',
      message: `No locale file for "${tag}": interface strings fall back to English.`,
      hint: `Add ${path.join(searchDirs[0] ?? 'locales', `${tag}.yaml`)} with the translated strings.`,
    });
  }

  const lookup = (key: string): string | undefined => {
    for (const layer of layers) {
      const value = layer.strings.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  };

  // `dir` and `digits` only count when set for this language (not inherited from `en`).
  const ownLookup = (key: string): string | undefined => {
    for (const layer of layers) {
      if (primarySubtag(layer.lang) !== primary) continue;
      const value = layer.strings.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  };

  const dir = resolveDir(ownLookup('dir'), primary, bag);
  const digits = resolveDigits(tag, ownLookup('digits'), bag);
  const intlLocale = intlTag(tag, digits);
  const numberFormat = new Intl.NumberFormat(intlLocale);
  const dateFormat = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'long', timeZone: 'UTC' });
  const formatNumber = (n: number): string => numberFormat.format(n);

  const reported = new Set<string>();
  const warnOnce = (id: string, warn: () => void): void => {
    if (reported.has(id)) return;
    reported.add(id);
    warn();
  };
  // Where a missing key should go: this language's most specific existing file, else a new one in the first folder.
  const firstFile =
    layers.find((l) => primarySubtag(l.lang) === primary)?.file ?? path.join(searchDirs[0] ?? 'locales', `${tag}.yaml`);
  const englishFile = path.join(searchDirs[searchDirs.length - 1] ?? 'locales', 'en.yaml');

  return {
    lang: tag,
    dir,
    digits,
    chain,
    has: (key) => lookup(key) !== undefined,
    t(key, vars) {
      const template = lookup(key);
      if (template === undefined) {
        warnOnce(`key:${key}`, () =>
          bag.warn({
            code: 'locale/missing-key',
            message: `Missing locale string "${key}" for language "${tag}" (searched ${chain.join(' → ')}).`,
            hint: `Add "${key}" to ${firstFile}${firstFile === englishFile ? '' : `, or to ${englishFile} so that every language falls back to it`}.`,
          }),
        );
        return key;
      }
      return interpolate(template, vars, (name) =>
        warnOnce(`var:${key}:${name}`, () =>
          bag.warn({
            code: 'locale/missing-var',
            message: `Locale string "${key}" (${tag}) uses {${name}} but no value was given for it.`,
            hint: `Check the placeholders of "${key}" in the locale files; available: ${Object.keys(vars ?? {}).join(', ') || 'none'}.`,
          }),
        ),
      );
    },
    formatNumber,
    formatDate: (d) => dateFormat.format(d),
  };

  function interpolate(
    template: string,
    values: Record<string, string | number> | undefined,
    onMissing: (name: string) => void,
  ): string {
    return template.replace(/\{([A-Za-z_][\w.-]*)\}/g, (whole, name: string) => {
      const value = values?.[name];
      if (value === undefined) {
        onMissing(name);
        return whole;
      }
      return typeof value === 'number' ? formatNumber(value) : value;
    });
  }
}

// ---------------------------------------------------------------------------
// Language tags

function canonicalTag(lang: string, bag: DiagnosticBag): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(lang.trim().replace(/_/g, '-'));
    if (canonical) return canonical;
  } catch {
    // fall through
  }
  bag.error({
    code: 'locale/lang',
    message: `"${lang}" is not a valid language tag.`,
    hint: 'Use a BCP 47 tag such as "fr", "fr-CA", "en" or "ar".',
  });
  return 'en';
}

function primarySubtag(tag: string): string {
  return (tag.split('-')[0] ?? tag).toLowerCase();
}

/** `fr-CA` → [`fr-CA`, `fr`, `en`]; `zh-Hant-TW` → [`zh-Hant-TW`, `zh-Hant`, `zh`, `en`]. */
export function fallbackChain(tag: string): string[] {
  const base = tag.split('-u-')[0]!.split('-x-')[0]!;
  const parts = base.split('-');
  const chain: string[] = [];
  for (let n = parts.length; n >= 1; n--) chain.push(parts.slice(0, n).join('-'));
  if (!chain.includes('en')) chain.push('en');
  return chain;
}

function resolveDir(configured: string | undefined, primary: string, bag: DiagnosticBag): TextDirection {
  if (configured === 'ltr' || configured === 'rtl') return configured;
  if (configured !== undefined) {
    bag.warn({
      code: 'locale/dir',
      message: `Locale key "dir" must be "ltr" or "rtl", not "${configured}".`,
      hint: 'Remove the key to use the default direction of the language.',
    });
  }
  return RTL_LANGUAGES.has(primary) ? 'rtl' : 'ltr';
}

function resolveDigits(tag: string, configured: string | undefined, bag: DiagnosticBag): string {
  const fallback = new Intl.NumberFormat(tag).resolvedOptions().numberingSystem;
  if (configured === undefined) return fallback;
  let resolved: string | undefined;
  try {
    resolved = new Intl.NumberFormat(intlTag(tag, configured)).resolvedOptions().numberingSystem;
  } catch {
    resolved = undefined;
  }
  if (resolved !== configured) {
    bag.warn({
      code: 'locale/digits',
      message: `Unknown numbering system "${configured}" for "${tag}"; using "${fallback}".`,
      hint: 'Use a Unicode numbering system such as "latn", "arab" or "arabext".',
    });
    return fallback;
  }
  return configured;
}

function intlTag(tag: string, digits: string): string {
  return new Intl.Locale(tag, { numberingSystem: digits }).toString();
}

// ---------------------------------------------------------------------------
// Files

/** Reads `<dir>/<lang>.yaml` (also trying the lower-case file name); undefined when absent or invalid. */
function readLayer(dir: string, lang: string, bag: DiagnosticBag): Layer | undefined {
  const names = [...new Set([`${lang}.yaml`, `${lang.toLowerCase()}.yaml`])];
  for (const name of names) {
    const file = path.join(dir, name);
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      bag.error({
        code: 'locale/read',
        message: `Cannot read locale file: ${(err as Error).message}`,
        file,
      });
      return undefined;
    }
    const strings = parseStrings(source, file, bag);
    return strings ? { lang, file, strings } : undefined;
  }
  return undefined;
}

function parseStrings(source: string, file: string, bag: DiagnosticBag): Strings | undefined {
  const doc = parseDocument(source);
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = error.linePos?.[0];
      bag.error({
        code: 'locale/yaml',
        message: `Invalid YAML in locale file: ${error.message.split('\n')[0]}`,
        file,
        ...(pos ? { line: pos.line, column: pos.col } : {}),
        hint: 'Quote values that contain ": ", "#" or start with "{", and indent nested keys consistently.',
      });
    }
    return undefined;
  }
  const data: unknown = doc.toJS();
  const strings: Strings = new Map();
  if (data === null || data === undefined) return strings; // empty file
  if (typeof data !== 'object' || Array.isArray(data)) {
    bag.error({
      code: 'locale/yaml',
      message: 'A locale file must be a map of keys to strings.',
      file,
      line: 1,
      hint: 'Write keys such as "toc:\\n  title: Contents".',
    });
    return undefined;
  }
  flatten(data as Record<string, unknown>, '', strings, file, bag);
  return strings;
}

function flatten(node: Record<string, unknown>, prefix: string, out: Strings, file: string, bag: DiagnosticBag): void {
  for (const [name, value] of Object.entries(node)) {
    const key = prefix + name;
    if (value === null || value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out.set(key, String(value));
    } else if (typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      flatten(value as Record<string, unknown>, `${key}.`, out, file, bag);
    } else {
      bag.warn({
        code: 'locale/value',
        message: `Locale key "${key}" must be a string.`,
        file,
        hint: 'Quote the value, or nest keys under it as a map.',
      });
    }
  }
}
