/**
 * pandoc-wasm takes its options as a defaults file (a JSON object), not as a
 * command line. This maps the usual command-line options onto it, so that callers
 * write the same `args` for both backends.
 */
import { PandocError } from './request.ts';

/** Long options that take a value (also accepted as "--name value"). */
const VALUE_OPTIONS = new Set([
  'wrap',
  'columns',
  'tab-stop',
  'extract-media',
  'reference-doc',
  'resource-path',
  'lua-filter',
  'filter',
  'metadata',
  'metadata-file',
  'variable',
  'template',
  'shift-heading-level-by',
  'markdown-headings',
  'reference-location',
  'track-changes',
  'top-level-division',
  'id-prefix',
  'eol',
  'dpi',
  'toc-depth',
  'default-image-extension',
  'css',
  'bibliography',
  'csl',
  'highlight-style',
  'syntax-highlighting',
  'include-in-header',
  'include-before-body',
  'include-after-body',
  'title-prefix',
  'number-offset',
  'indented-code-classes',
  'abbreviations',
  'split-level',
  'slide-level',
  'email-obfuscation',
]);
const NUMBER_OPTIONS = new Set(['columns', 'tab-stop', 'shift-heading-level-by', 'dpi', 'toc-depth', 'split-level', 'slide-level']);
const LIST_OPTIONS = new Set(['metadata-file', 'css', 'bibliography', 'include-in-header', 'include-before-body', 'include-after-body']);
/** Command-line names whose defaults-file key differs. */
const RENAMED: Record<string, string> = {
  s: 'standalone',
  N: 'number-sections',
  toc: 'table-of-contents',
  M: 'metadata',
  V: 'variable',
  L: 'lua-filter',
  'highlight-style': 'syntax-highlighting',
};

/**
 * The defaults-file object for command-line options. An option not known here is
 * passed on by its long name, and pandoc rejects it if it is not a defaults-file key.
 */
export function argsToDefaults(args: string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the index is below the length the loop condition checks
    const arg = args[i]!;
    const long = /^--([\w-]+)(?:=(.*))?$/s.exec(arg);
    const short = /^-([A-Za-z])(.*)$/s.exec(arg);
    let name: string;
    let value: string | undefined;
    if (long) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
      name = long[1]!;
      value = long[2];
    } else if (short) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
      name = short[1]!;
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
      value = short[2] === '' ? undefined : short[2]!.replace(/^=/, '');
    } else {
      throw new PandocError(`runPandoc: unexpected argument "${arg}" (input is given as "input")`);
    }
    const key = RENAMED[name] ?? name;
    const takesValue = VALUE_OPTIONS.has(key) || key === 'metadata' || key === 'variable';
    if (value === undefined && takesValue) {
      const next = args[i + 1];
      if (next === undefined) throw new PandocError(`runPandoc: option "${arg}" needs a value`);
      value = next;
      i++;
    }
    putOption(options, key, value ?? true);
  }
  return options;
}

/** Adds one option under its defaults-file key: filters, metadata and lists accumulate. */
function putOption(options: Record<string, unknown>, key: string, value: string | true): void {
  if (key === 'lua-filter' || key === 'filter') {
    options.filters = [...((options.filters as string[] | undefined) ?? []), String(value)];
  } else if (key === 'metadata' || key === 'variable') {
    const target = key === 'metadata' ? 'metadata' : 'variables';
    const text = String(value);
    const at = text.search(/[=:]/);
    const map = (options[target] as Record<string, unknown> | undefined) ?? {};
    if (at < 0) map[text] = true;
    else map[text.slice(0, at)] = text.slice(at + 1);
    options[target] = map;
  } else if (key === 'resource-path') {
    options[key] = String(value).split(/[:;]/).filter(Boolean);
  } else if (LIST_OPTIONS.has(key)) {
    options[key] = [...((options[key] as string[] | undefined) ?? []), String(value)];
  } else if (NUMBER_OPTIONS.has(key) && value !== true) {
    options[key] = Number(value);
  } else {
    options[key] = value;
  }
}
