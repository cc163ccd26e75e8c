/** The chapter's AST written as coursebook Markdown by pandoc, then tidied. */
import type { PandocDocument } from '../pandoc/ast.ts';
import { PandocError } from '../pandoc/request.ts';
import { runPandoc } from '../pandoc/run.ts';

/**
 * pandoc's Markdown writer, set to coursebook's dialect: pipe tables, footnotes,
 * `{#id}` attributes, fenced divs written by the import itself, no raw HTML, no
 * pandoc-only syntax, typographic characters kept as they are.
 */
const MARKDOWN_WRITER = [
  'markdown',
  '-smart',
  '-simple_tables',
  '-multiline_tables',
  '-grid_tables',
  '-raw_html',
  '-raw_attribute',
  '-raw_tex',
  '-native_divs',
  '-native_spans',
  '-bracketed_spans',
  '-subscript',
  '-superscript',
  '-inline_notes',
  '-tex_math_dollars',
  '-citations',
  '-example_lists',
  '-line_blocks',
  '-definition_lists',
  '-auto_identifiers',
  '-gfm_auto_identifiers',
  '-inline_code_attributes',
  '-fenced_code_attributes',
  '-yaml_metadata_block',
  '-pandoc_title_block',
].join('');

/** The chapter body in Markdown; `shown` names the DOCX in errors. */
export async function markdownBody(doc: PandocDocument, shown: string): Promise<string> {
  try {
    const written = await runPandoc({ input: JSON.stringify(doc), from: 'json', to: MARKDOWN_WRITER, args: ['--wrap=none'] });
    return tidy(new TextDecoder().decode(written.output));
  } catch (error) {
    if (error instanceof PandocError) throw new PandocError(`${shown}: ${error.message}`, error.stderr);
    throw error;
  }
}

/**
 * Trailing blanks off, one final newline; a cross-reference that Word split into
 * runs of different formatting (so pandoc escaped it: `\[@fig:x\]`) unescaped.
 */
function tidy(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const code = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (code && code[0] === fence[0] && code.length >= fence.length) fence = null;
      out.push(line);
      continue;
    }
    if (code) fence = code;
    const text = line
      .replace(/[ \t]+$/, '')
      .replace(/\\\[@((?:fig|tbl|sec|ch|ex):(?:[A-Za-z0-9_.:-]|\\[_.:-])+)\\?\]/g, (_, key: string) => `[@${key.replace(/\\/g, '')}]`);
    // One blank line at most between blocks.
    if (text === '' && (out.length === 0 || out.at(-1) === '')) continue;
    out.push(text);
  }
  while (out.at(-1) === '') out.pop();
  return `${out.join('\n')}\n`;
}
