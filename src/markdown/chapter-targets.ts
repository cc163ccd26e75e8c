/**
 * The places in one chapter that cross-references, the table of contents and
 * the outline can point at, with the ids that make them unique.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { toHtmlId } from './ids.ts';
import type { RefTarget } from './types.ts';

export interface SourcePlace {
  line: number;
  column: number;
}

export class ChapterTargets {
  readonly list: RefTarget[];

  constructor(
    chapterTarget: RefTarget,
    private readonly bag: DiagnosticBag,
    private readonly file: string,
  ) {
    this.list = [chapterTarget];
  }

  /**
   * Generated ids never collide: repeated titles ("Objectifs") get -2, -3…, and
   * so do titles whose HTML ids coincide (non-Latin letters all become "-").
   */
  uniqueKey(base: string): string {
    let key = base;
    for (let n = 2; this.list.some((t) => t.key === key || t.htmlId === toHtmlId(key)); n++) key = `${base}-${n}`;
    return key;
  }

  /** `at` is where the target is declared: each declaration is located once, in document order. */
  add(target: RefTarget, at: SourcePlace): void {
    target.line = at.line;
    target.column = at.column;
    if (this.list.some((t) => t.htmlId === target.htmlId)) {
      this.bag.error({
        code: 'markdown/duplicate-id',
        message: `the id "${target.key}" is used twice in this chapter`,
        file: this.file,
        ...at,
        hint: 'give each heading, figure and table its own {#id}',
      });
      return;
    }
    this.list.push(target);
  }
}
