/**
 * Soft-hyphen insertion with the `hyphen` package's TeX patterns (Liang's
 * algorithm), so Chromium can break long words at the right places.
 */
import { createRequire } from 'node:module';

export const SOFT_HYPHEN = '\u00AD';
/** Words shorter than this are never hyphenated. */
export const MIN_WORD_LENGTH = 6;
/** Letters kept before the first and after the last break. */
export const MIN_LEFT = 2;
export const MIN_RIGHT = 3;

type HyphenateSync = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;

interface HyphenModule {
  hyphenateSync: HyphenateSync;
}

// `hyphen` is CommonJS without type definitions or an `exports` map: a plain
// require works the same under tsx and under jest's ESM mode.
const require = createRequire(import.meta.url);

/** Language tag → pattern module of the `hyphen` package, where the name differs. */
const ALIASES: Record<string, string> = {
  en: 'en-us',
  // `hyphen/zh` is pinyin (Latin script), not Chinese characters.
  zh: '',
  'zh-latn': 'zh-latn-pinyin',
};

/** Hyphenators by language tag, null where there are no patterns: loading patterns takes a while. */
const hyphenatorsByLanguage = new Map<string, ((text: string) => string) | null>();

/**
 * Returns a synchronous function that inserts U+00AD into the words of a text
 * run, or null when there are no patterns for `lang` (e.g. `ar`). Patterns are
 * loaded on first use of each language and the function is cached.
 */
export function getHyphenator(lang: string): ((text: string) => string) | null {
  const key = lang.trim().toLowerCase().replace(/_/g, '-');
  const known = hyphenatorsByLanguage.get(key);
  if (known !== undefined) return known;
  const module = resolveModule(key);
  const fn = module ? makeHyphenator(loadPatterns(module)) : null;
  hyphenatorsByLanguage.set(key, fn);
  return fn;
}

/** The `hyphen/<name>` module for a language tag, trying the full tag then shorter ones. */
function resolveModule(tag: string): string | null {
  if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(tag)) return null;
  const parts = tag.split('-');
  for (let n = parts.length; n >= 1; n--) {
    const candidate = parts.slice(0, n).join('-');
    const name = ALIASES[candidate] ?? candidate;
    if (name === '') return null;
    if (exists(name)) return name;
  }
  return null;
}

function exists(name: string): boolean {
  try {
    require.resolve(`hyphen/${name}`);
    return true;
  } catch {
    return false;
  }
}

function loadPatterns(name: string): HyphenateSync {
  const mod = require(`hyphen/${name}`) as Partial<HyphenModule> | undefined;
  if (!mod || typeof mod.hyphenateSync !== 'function') {
    throw new Error(`hyphen/${name} does not export hyphenateSync`);
  }
  return mod.hyphenateSync;
}

// ---------------------------------------------------------------------------

/** One letter, with any combining marks. */
const WORD = /(?:\p{L}\p{M}*)+/gu;

function makeHyphenator(hyphenateSync: HyphenateSync): (text: string) => string {
  const words = new Map<string, string>();
  // Every distinct word is decided and hyphenated once per language: books repeat their words.
  const hyphenateWord = (word: string): string => {
    let result = words.get(word);
    if (result === undefined) {
      result = shouldHyphenate(word)
        ? restrictBreaks(hyphenateSync(word, { hyphenChar: SOFT_HYPHEN, minWordLength: MIN_WORD_LENGTH }), word)
        : word;
      words.set(word, result);
    }
    return result;
  };
  // Whole tokens repeat even more than words ("the", "crédit,"): each is checked once too.
  const tokens = new Map<string, string>();
  const hyphenateToken = (token: string): string => {
    let result = tokens.get(token);
    if (result === undefined) {
      result = isHyphenatable(token) ? token.replace(WORD, hyphenateWord) : token;
      tokens.set(token, result);
    }
    return result;
  };
  return (text: string): string => text.replace(/\S+/gu, hyphenateToken);
}

/** A whitespace-delimited token that is prose, not a URL, address, path, file name or code. */
function isHyphenatable(token: string): boolean {
  if (token.includes('://') || /(^|\W)www\./iu.test(token)) return false; // URL
  if (token.includes('@')) return false; // e-mail address, handle
  if (/[/\\]/u.test(token)) return false; // path
  if (/\.\p{L}/u.test(token)) return false; // file name, domain, abbreviation (rapport.pdf, e.g.)
  if (/[\p{N}_]/u.test(token)) return false; // PAR30, 2e, snake_case
  if (token.includes(SOFT_HYPHEN)) return false; // author placed the breaks already
  return true;
}

function shouldHyphenate(word: string): boolean {
  if (letterCount(word) < MIN_WORD_LENGTH) return false;
  if (!/\p{Ll}/u.test(word)) return false; // ACRONYM
  if (/\p{Ll}\p{Lu}/u.test(word)) return false; // camelCase, iPhone, PowerPoint
  return true;
}

function letterCount(s: string): number {
  return s.replace(/[^\p{L}]/gu, '').length;
}

/** Drops breaks closer than MIN_LEFT / MIN_RIGHT letters to the word's ends; makes sure only U+00AD was added. */
function restrictBreaks(hyphenated: string, word: string): string {
  if (hyphenated.split(SOFT_HYPHEN).join('') !== word) return word;
  const parts = hyphenated.split(SOFT_HYPHEN);
  const total = letterCount(word);
  let out = parts[0] ?? '';
  let before = letterCount(out);
  for (const part of parts.slice(1)) {
    if (before >= MIN_LEFT && total - before >= MIN_RIGHT) out += SOFT_HYPHEN;
    out += part;
    before += letterCount(part);
  }
  return out;
}
