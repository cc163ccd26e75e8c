/**
 * How a chapter is carried in the DOCX: export-docx.ts writes this layout and
 * import-docx.ts reads it back.
 *
 * - Front matter: the document opens with a paragraph in the style `cb-front-matter`
 *   (an instruction for the translator) and a two-column table: the YAML key in code
 *   style on the left, the value on the right. Text values are plain text, lists of
 *   text are bulleted lists, and values not to be translated (`editions`,
 *   `source_hash`, numbers, mappings…) are a YAML value in code style.
 * - Fenced divs: the fence lines stay visible as paragraphs of their own: the opener
 *   `::: exercise Title` in the paragraph style `cb-exercise` (`cb-trainer`,
 *   `cb-answer`, `cb-keypoint`, `cb-participant`… after the div's name), the closer
 *   `:::` in the style `cb-end`. Only paragraphs carry a Word style (lists and tables
 *   inside a div would lose it), so the fences, not the styles of the content, mark
 *   where a div starts and ends; translators translate the exercise title on its
 *   fence line.
 * - Ids: `{#sec:x}` after a heading, `{#fig:x}` after a figure caption and
 *   `{#tbl:x}` after a table caption stay visible in the character style `cb-id`
 *   (Word bookmarks do not survive pandoc's DOCX reader).
 * - Cross-references `[@fig:x]` stay literal text in the character style `cb-xref`
 *   (never pandoc citations).
 * - Raw HTML and remote images stay literal text in the style `cb-raw`.
 * - Figures and table captions are Word captions; footnotes are Word footnotes.
 *   Images are embedded; each image's title holds its original path under the
 *   chapter's folder (e.g. `images/credit-cycle.svg`), so the import can name it back.
 */

export const STYLE = {
  frontMatter: 'cb-front-matter',
  fenceEnd: 'cb-end',
  xref: 'cb-xref',
  id: 'cb-id',
  raw: 'cb-raw',
} as const;

/** Paragraph style of a div's opening fence: `cb-exercise`. */
export const divStyle = (name: string): string => `cb-${name}`;

/** Fence lines of coursebook's fenced divs (as src/markdown/extensions.ts reads them). */
export const FENCE_OPENER = /^:{3,}[ \t]*\{?\.?([A-Za-z][\w-]*)\}?[ \t]*(.*?)\s*$/;
export const FENCE_CLOSER = /^:{3,}\s*$/;
/** Cross-references, as src/markdown/extensions.ts reads them. */
export const XREF = /\[@(?:fig|tbl|sec|ch|ex):[A-Za-z0-9_.:-]+\]/g;
/** An id marker `{#fig:x}`. */
export const ID_MARKER = /^\{#([A-Za-z][\w:.-]*)\}$/;
/** Front-matter keys whose values are identifiers, not text to translate. */
export const UNTRANSLATED_KEYS = new Set(['editions', 'source_hash']);
/** Front-matter keys that hold lists (see src/content/front-matter.ts): a lone paragraph in Word is a one-item list. */
export const LIST_KEYS = new Set(['editions', 'objectives', 'materials']);

export const FRONT_MATTER_NOTE =
  'Chapter front matter: translate the right-hand column only. Keep as they are: the keys on the left, ' +
  'text in code style, the ::: lines (translate only the title after “::: exercise”), ' +
  'the {#…} ids and the [@…] cross-references.';

/**
 * The image title carries the image's path relative to the chapter (first line),
 * then its Markdown title, if any.
 */
export function encodeImageTitle(relPath: string, title: string): string {
  return title ? `${relPath}\n${title}` : relPath;
}
