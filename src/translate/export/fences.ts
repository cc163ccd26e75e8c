/**
 * coursebook's `::: exercise Title` is not pandoc syntax. Before pandoc reads the
 * chapter, each opener becomes `::: cbdiv-N` (N → name and title kept aside, see
 * `divs`) and every fence gets blank lines around it, as pandoc requires.
 */
import type { DiagnosticBag } from '../../diagnostics/diagnostic.ts';
import { FENCE_CLOSER, FENCE_OPENER } from '../docx-layout.ts';

export interface FenceInfo {
  name: string;
  title: string;
}

interface PreparedFences {
  /** The chapter body with pandoc's fences. */
  markdown: string;
  /** pandoc div class (`cbdiv-N`) → the div's name and title. */
  divs: Map<string, FenceInfo>;
}

/** The body ready for pandoc; null (errors reported) when fences are unbalanced. */
export function prepareFences(body: string, firstLine: number, relPath: string, bag: DiagnosticBag): PreparedFences | null {
  const divs = new Map<string, FenceInfo>();
  const out: string[] = [];
  const open: number[] = [];
  let codeFence: string | null = null;
  let ok = true;
  const lines = body.split('\n');
  for (let index = 0; index < lines.length; index++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the index is below the length the loop condition checks
    const line = lines[index]!;
    const code = /^\s{0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (codeFence !== null) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
      if (code && code[1]![0] === codeFence[0] && code[1]!.length >= codeFence.length && code[2]!.trim() === '') codeFence = null;
      out.push(line);
      continue;
    }
    if (code) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
      codeFence = code[1]!;
      out.push(line);
      continue;
    }
    if (FENCE_CLOSER.test(line)) {
      if (open.pop() === undefined) {
        ok = false;
        bag.error({
          code: 'markdown/stray-fence',
          message: 'closing ":::" without an opening fenced div',
          file: relPath,
          line: firstLine + index,
          hint: 'remove this line, or open the block above it',
        });
        continue;
      }
      out.push('', ':::', '');
      continue;
    }
    const opener = FENCE_OPENER.exec(line);
    if (opener) {
      const id = `cbdiv-${divs.size + 1}`;
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
      divs.set(id, { name: opener[1]!.toLowerCase(), title: opener[2] ?? '' });
      open.push(firstLine + index);
      out.push('', `::: ${id}`, '');
      continue;
    }
    out.push(line);
  }
  for (const line of open) {
    ok = false;
    bag.error({
      code: 'markdown/unclosed-div',
      message: 'fenced div is never closed',
      file: relPath,
      line,
      hint: 'add a line with only ":::" where the block ends',
    });
  }
  return ok ? { markdown: out.join('\n'), divs } : null;
}
