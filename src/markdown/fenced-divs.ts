/**
 * Fenced divs (`::: name Title` … `:::`) are handled on the source text, before
 * Markdown parsing: a block hidden from an edition is blanked out line by line,
 * so nothing of it (footnotes and figures included) can reach that edition's
 * HTML, and every remaining line keeps its original line number for diagnostics.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { leadingAttributes, type Attributes } from './attributes.ts';

export interface FencedDiv {
  /** The name as written (lower-cased), before aliases are resolved; '' for `::: {lang=en}`. */
  name: string;
  title: string;
  attributes: Attributes;
  /** 1-based line numbers in the chapter file. */
  openLine: number;
  closeLine: number;
  /** 0-based indexes into the body's lines. */
  openIndex: number;
  closeIndex: number;
  children: FencedDiv[];
}

export interface DivOpener {
  name: string;
  title: string;
  attributes: Attributes;
}

/**
 * An opening fence of any length, `::: name Title`, `::: {.name}`,
 * `:::::::: {#id .name title="Title"} ::::` (Pandoc's forms); null for a
 * line that is not one. With attributes the first class is the block's name.
 */
export function parseDivOpener(line: string): DivOpener | null {
  const fence = /^:{3,}[ \t]*(\S.*?)[ \t]*(?::+[ \t]*)?$/.exec(line);
  if (!fence) return null;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
  const rest = fence[1]!;
  if (rest.startsWith('{')) {
    const found = leadingAttributes(rest);
    if (!found) return null;
    const [name = '', ...others] = found.attributes.classes;
    const attributes = { ...found.attributes, classes: others };
    const title = found.attributes.values['title'] ?? rest.slice(found.length).trim();
    return { name: name.toLowerCase(), title, attributes };
  }
  const word = /^([A-Za-z][\w-]*)(?:[ \t]+(.*))?$/.exec(rest);
  if (!word) return null;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
  return { name: word[1]!.toLowerCase(), title: word[2]?.trim() ?? '', attributes: { id: null, classes: [], values: {} } };
}
const CLOSER = /^:{3,}\s*$/;
const CODE_FENCE = /^\s{0,3}(`{3,}|~{3,})(.*)$/;

/**
 * Follows fenced code blocks line by line, as marked does: a block opened by
 * ``` or ~~~ is closed only by a run of the same character at least as long,
 * with nothing else on the line. The returned function says whether a line is
 * part of a code block (its fences included).
 */
export function codeFenceTracker(): (line: string) => boolean {
  let open: string | null = null;
  return (line) => {
    const match = CODE_FENCE.exec(line);
    if (open === null) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
      if (match) open = match[1]!;
      return match !== null;
    }
    const fence = match?.[1];
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- fence is set only when match is: the group is not optional in the pattern, so a match has it
    if (fence && fence[0] === open[0] && fence.length >= open.length && match[2]!.trim() === '') open = null;
    return true;
  };
}

/** Finds the fenced divs of a chapter body; reports unclosed and stray fences. */
export function scanFencedDivs(body: string, firstLine: number, file: string, bag: DiagnosticBag): FencedDiv[] {
  const lines = body.split('\n');
  const roots: FencedDiv[] = [];
  const stack: FencedDiv[] = [];
  const inCode = codeFenceTracker();
  lines.forEach((line, index) => {
    if (inCode(line)) return;
    if (CLOSER.test(line)) {
      const open = stack.pop();
      if (!open) {
        bag.error({
          code: 'markdown/stray-fence',
          message: 'closing ":::" without an opening fenced div',
          file,
          line: firstLine + index,
          column: 1,
          hint: 'remove this line, or open the block with "::: exercise" (or another div name) above it',
        });
        return;
      }
      open.closeIndex = index;
      open.closeLine = firstLine + index;
      return;
    }
    const opener = parseDivOpener(line);
    if (!opener) return;
    const div: FencedDiv = {
      ...opener,
      openLine: firstLine + index,
      closeLine: -1,
      openIndex: index,
      closeIndex: -1,
      children: [],
    };
    (stack.at(-1)?.children ?? roots).push(div);
    stack.push(div);
  });
  for (const open of stack) {
    bag.error({
      code: 'markdown/unclosed-div',
      message: `fenced div "::: ${open.name}" is never closed`,
      file,
      line: open.openLine,
      column: 1,
      hint: 'add a line with only ":::" where the block ends',
    });
  }
  return roots;
}

/** Every div in document order, nested ones included. */
export function flattenDivs(divs: FencedDiv[]): FencedDiv[] {
  return divs.flatMap((d) => [d, ...flattenDivs(d.children)]);
}

/**
 * Blanks the lines of every div that `isVisible` rejects (with everything
 * nested in it). Line count is preserved.
 */
export function removeHiddenDivs(body: string, divs: FencedDiv[], isVisible: (name: string) => boolean): string {
  const lines = body.split('\n');
  const blank = (div: FencedDiv): void => {
    const end = div.closeIndex < 0 ? lines.length - 1 : div.closeIndex;
    for (let i = div.openIndex; i <= end; i++) lines[i] = '';
  };
  const visit = (list: FencedDiv[]): void => {
    for (const div of list) {
      if (isVisible(div.name)) visit(div.children);
      else blank(div);
    }
  };
  visit(divs);
  return lines.join('\n');
}
