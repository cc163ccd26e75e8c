/**
 * Localized strings and number/date formatting for one book language.
 *
 * Strings come from `<lang>.yaml` files (nested maps, read as dotted keys) in
 * a list of folders — a course's `locales/` first, then the built-in
 * `templates/locales` — and a fallback chain of languages ending with `en`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-paths.ts';
import type { ErrorObject } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import { validatorOf } from '../config/schema-kit.ts';
import { validateLocale as generatedValidateLocale } from '../config/validators.generated.ts';
import { dropEmptyValues, locate } from '../config/yaml-source.ts';
import { DiagnosticBag, type DiagnosticInput } from '../diagnostics/diagnostic.ts';
import { memoizeByText, TEXT_MEMO_CHARS } from '../text-memo.ts';
import { localeSchema, type TextDirection } from './locale-schema.ts';

/** The locale files shipped with coursebook. */
export const BUILTIN_LOCALES_DIR = path.join(PROJECT_ROOT, 'templates', 'locales');

/** Languages written right to left (primary subtags). */
const RTL_LANGUAGES = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'ckb', 'dv']);

export type { TextDirection };

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
  /** Line and column of a dotted key in the file, for diagnostics about its value. */
  where(segments: string[]): { line: number; column: number };
}

/**
 * Loads the locale for `lang`. `searchDirs` are folders holding `<lang>.yaml`
 * files, earlier folders overriding later ones key by key. Missing files are
 * fine; unreadable or invalid ones are reported to `bag`. Diagnostics name
 * files inside `courseRoot` relative to it, as every other diagnostic of a
 * course does; coursebook's own locale files keep their full path.
 */
export function loadLocale(lang: string, searchDirs: string[], bag: DiagnosticBag, courseRoot?: string): Locale {
  const shown = (file: string): string => {
    const relative = courseRoot === undefined ? null : path.relative(courseRoot, file);
    return relative !== null && relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  };
  const tag = canonicalTag(lang, bag);
  const chain = fallbackChain(tag);

  // Most specific language first; within one language, earlier folders first.
  const layers: Layer[] = [];
  for (const chainLang of chain) {
    for (const dir of searchDirs) {
      const layer = readLayer(dir, chainLang, bag, shown);
      if (layer) layers.push(layer);
    }
  }

  const primary = primarySubtag(tag);
  if (primary !== 'en' && !layers.some((l) => primarySubtag(l.lang) === primary)) {
    bag.info({
      code: 'locale/no-file',
      message: `No locale file for "${tag}": interface strings fall back to English.`,
      hint: `Add ${shown(path.join(searchDirs[0] ?? 'locales', `${tag}.yaml`))} with the translated strings.`,
    });
  }

  const lookup = (key: string): string | undefined => {
    for (const layer of layers) {
      const value = layer.strings.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  };

  // `dir` and `digits` only count when set for this language (not inherited from `en`), most specific file first.
  const ownSettings = (key: string): { value: string; layer: Layer }[] =>
    layers.flatMap((layer) => {
      const value = primarySubtag(layer.lang) === primary ? layer.strings.get(key) : undefined;
      return value === undefined ? [] : [{ value, layer }];
    });

  const dir = resolveDir(ownSettings('dir')[0]?.value, primary);
  const digits = resolveDigits(tag, ownSettings('digits'), bag);
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
    layers.find((l) => primarySubtag(l.lang) === primary)?.file ?? shown(path.join(searchDirs[0] ?? 'locales', `${tag}.yaml`));
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

  function interpolate(template: string, values: Record<string, string | number> | undefined, onMissing: (name: string) => void): string {
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
  const base = (tag.split('-u-')[0] ?? tag).split('-x-')[0] ?? tag;
  const parts = base.split('-');
  const chain: string[] = [];
  for (let n = parts.length; n >= 1; n--) chain.push(parts.slice(0, n).join('-'));
  if (!chain.includes('en')) chain.push('en');
  return chain;
}

/** A `dir` other than ltr or rtl never gets here: the file's schema check dropped it with a warning. */
function resolveDir(configured: string | undefined, primary: string): TextDirection {
  if (configured === 'ltr' || configured === 'rtl') return configured;
  return RTL_LANGUAGES.has(primary) ? 'rtl' : 'ltr';
}

/** The first known numbering system among `settings`; an unknown one is a warning at its line and is passed over. */
function resolveDigits(tag: string, settings: { value: string; layer: Layer }[], bag: DiagnosticBag): string {
  const known = (digits: string): boolean => {
    try {
      return new Intl.NumberFormat(intlTag(tag, digits)).resolvedOptions().numberingSystem === digits;
    } catch {
      return false;
    }
  };
  const chosen = settings.find((s) => known(s.value))?.value ?? new Intl.NumberFormat(tag).resolvedOptions().numberingSystem;
  for (const { value, layer } of settings) {
    if (value === chosen) break;
    bag.warn({
      code: 'locale/digits',
      message: `Unknown numbering system "${value}" for "${tag}"; using "${chosen}".`,
      file: layer.file,
      ...layer.where(['digits']),
      hint: 'Use a Unicode numbering system such as "latn", "arab" or "arabext".',
    });
  }
  return chosen;
}

function intlTag(tag: string, digits: string): string {
  return new Intl.Locale(tag, { numberingSystem: digits }).toString();
}

// ---------------------------------------------------------------------------
// Files

/** Reads `<dir>/<lang>.yaml` (also trying the lower-case file name); undefined when absent or invalid. Diagnostics name it `shown(file)`. */
function readLayer(dir: string, lang: string, bag: DiagnosticBag, shown: (file: string) => string): Layer | undefined {
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
        file: shown(file),
      });
      return undefined;
    }
    const parsed = parseStringsRemembered(`${shown(file)}\0${source}`);
    for (const d of parsed.found) bag.add({ ...d });
    if (!parsed.strings) return undefined;
    return { lang, file: shown(file), ...parsed.strings };
  }
  return undefined;
}

const validateLocale = validatorOf(localeSchema, generatedValidateLocale);

/**
 * A locale file (given as its name as shown, NUL, its text) parsed, and what
 * is wrong with it, remembered: every build reads the same few files again
 * (about 15 ms of YAML and schema checks each time). Its strings are only read.
 */
const parseStringsRemembered = memoizeByText((fileAndSource: string) => {
  const cut = fileAndSource.indexOf('\0');
  const local = new DiagnosticBag();
  const strings = parseStrings(fileAndSource.slice(cut + 1), fileAndSource.slice(0, cut), local);
  return { strings, found: local.items };
}, TEXT_MEMO_CHARS);

function parseStrings(source: string, file: string, bag: DiagnosticBag): Pick<Layer, 'strings' | 'where'> | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  const where = (segments: string[]) => locate(doc, lineCounter, segments);
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
  const data: unknown = dropEmptyValues(doc.toJS());
  const strings: Strings = new Map();
  if (data === null || data === undefined) return { strings, where }; // empty file
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
  // A wrong value is a warning and is left out, so that the next file of the chain gives the string.
  const rejected = new Set<string>();
  const warnings: DiagnosticInput[] = [];
  if (!validateLocale(data)) {
    for (const error of validateLocale.errors ?? []) {
      const segments = error.instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const key = segments.join('.');
      if (error.keyword === 'if' || rejected.has(key)) continue;
      rejected.add(key);
      warnings.push({ code: 'locale/value', file, ...where(segments), ...valueProblem(key, error) });
    }
  }
  // In file order (ajv lists them in schema order).
  for (const warning of warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))) bag.warn(warning);
  flatten(data as Record<string, unknown>, '', strings, rejected);
  return { strings, where };
}

function valueProblem(key: string, error: ErrorObject): { message: string; hint: string } {
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as string[]).map((v) => `"${v}"`).join(' or ');
    return {
      message: `Locale key "${key}" must be ${allowed}, not "${String(error.data)}".`,
      hint: 'Remove the key to use the default direction of the language.',
    };
  }
  if (error.keyword === 'type' && error.params.type === 'object') {
    return {
      message: `Locale key "${key}" must be a map of keys.`,
      hint: `Nest the keys under it, e.g. "${key}:\\n  ${firstKeyOf(error.parentSchema) ?? 'name'}: …".`,
    };
  }
  if (error.keyword === 'type') {
    return { message: `Locale key "${key}" must be a string.`, hint: 'Quote the value, or nest keys under it as a map.' };
  }
  return { message: `Locale key "${key}" ${error.message ?? 'is not valid'}.`, hint: 'Check the value against docs/configuration.md.' };
}

function firstKeyOf(schema: unknown): string | undefined {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties)[0] : undefined;
}

/** Nested keys → dotted keys; values the schema rejected are left out. */
function flatten(node: Record<string, unknown>, prefix: string, out: Strings, rejected: Set<string>): void {
  for (const [name, value] of Object.entries(node)) {
    const key = prefix + name;
    if (rejected.has(key)) continue;
    if (typeof value === 'object' && value !== null) flatten(value as Record<string, unknown>, `${key}.`, out, rejected);
    else out.set(key, String(value));
  }
}
