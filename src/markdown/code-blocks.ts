/**
 * Fenced code blocks as a printed book sets them: a boxed block in the
 * monospace font, highlighted at build time by highlight.js when the
 * language is one it knows (any other prints plain, without a warning),
 * one element per line so that a long line wraps with a visible marker on
 * its continuation lines (CSS, styles/constructs.css), line numbers on
 * request (`{.numberLines}`), and `output` / `error` blocks set as terminal
 * output. Short blocks are kept on one page.
 */
import { highlighter } from './highlight-languages.ts';
import { parseAttributes, trailingAttributes, type Attributes } from './attributes.ts';
import { escapeHtml } from './sanitize-html.ts';

/** Blocks of up to this many lines never split across pages. */
export const SHORT_CODE_LINES = 15;

/** Info-string names of blocks that show what a program printed, not code to type. */
const TERMINAL_KINDS: Record<string, 'output' | 'error'> = { output: 'output', error: 'error', warning: 'error' };

export interface CodeInfo {
  language: string | null;
  attributes: Attributes;
}

/**
 * The info string after the opening fence, in any of Pandoc's forms:
 * "python", "python {.numberLines}", "{.python .numberLines startFrom=10}".
 */
export function parseInfoString(info: string | undefined): CodeInfo {
  const text = (info ?? '').trim();
  const empty: Attributes = { id: null, classes: [], values: {} };
  if (text.startsWith('{')) {
    const attributes = parseAttributes(text.slice(1, text.lastIndexOf('}'))) ?? empty;
    const [language = null, ...classes] = attributes.classes;
    return { language: language?.toLowerCase() ?? null, attributes: { ...attributes, classes } };
  }
  const split = trailingAttributes(text);
  const word = (split ? split.text : text).trim().split(/\s+/)[0] ?? '';
  return { language: word ? word.toLowerCase() : null, attributes: split?.attributes ?? empty };
}

/** Highlighted HTML of the code, or null when the language is not one highlight.js knows. */
function highlighted(code: string, language: string | null): string | null {
  if (!language) return null;
  const hljs = highlighter();
  if (!hljs.getLanguage(language)) return null;
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}

/**
 * Splits highlighted HTML into lines: a span open across a line break is
 * closed at the end of the line and opened again on the next, so each line
 * is a complete element.
 */
export function splitHtmlLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let current = '';
  for (const part of html.split(/(<span[^>]*>|<\/span>|\n)/)) {
    if (part === '\n') {
      lines.push(current + '</span>'.repeat(open.length));
      current = open.join('');
    } else if (part.startsWith('<span')) {
      open.push(part);
      current += part;
    } else if (part === '</span>') {
      open.pop();
      current += part;
    } else current += part;
  }
  lines.push(current);
  return lines;
}

export function renderCodeBlock(code: string, info: string | undefined, labels: { output: string; error: string }): string {
  const { language, attributes } = parseInfoString(info);
  const text = code.replace(/\n$/, '');
  const terminal = language ? TERMINAL_KINDS[language] : undefined;
  const html = terminal ? null : highlighted(text, language);
  const lines = html === null ? text.split('\n').map(escapeHtml) : splitHtmlLines(html);
  const numbered = attributes.classes.includes('numberLines') || attributes.classes.includes('number-lines');
  const start = Number.parseInt(attributes.values['startFrom'] ?? '1', 10);
  const classes = [
    'code-block',
    ...(terminal ? [`code-${terminal}`] : []),
    ...(html !== null ? [`language-${language}`] : []),
    ...(numbered ? ['numbered'] : []),
    ...(lines.length <= SHORT_CODE_LINES ? ['short'] : []),
  ];
  const counter = numbered && Number.isFinite(start) && start !== 1 ? ` style="counter-reset: code-line ${start - 1}"` : '';
  const label = terminal ? `<span class="code-label">${escapeHtml(labels[terminal])}</span>` : '';
  const body = lines.map((line) => `<span class="line">${line === '' ? '\u200b' : line}</span>`).join('');
  const id = attributes.id ? ` id="${escapeHtml(attributes.id.replace(/[^A-Za-z0-9_-]+/g, '-'))}"` : '';
  return `<div class="${classes.join(' ')}"${id}>${label}<pre${counter}><code${html !== null ? ` class="hljs"` : ''}>${body}</code></pre></div>\n`;
}
