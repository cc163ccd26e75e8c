/**
 * marked gives tokens no source positions (markedjs/marked#2134), so
 * diagnostics find a token's text in the chapter source instead. Successive
 * look-ups of the same text return successive occurrences.
 */
export class SourceLocator {
  /** Where each line starts, found at the first look-up: every chapter is rendered with a locator, most never ask. */
  private starts: number[] | null = null;
  private readonly nextSearch = new Map<string, number>();

  constructor(
    private readonly source: string,
    /** Line number of the source's first line in its file. */
    private readonly firstLine: number,
  ) {}

  private get lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    for (let i = this.source.indexOf('\n'); i !== -1; i = this.source.indexOf('\n', i + 1)) starts.push(i + 1);
    return (this.starts = starts);
  }

  locate(needle: string): { line: number; column: number } {
    const from = this.nextSearch.get(needle) ?? 0;
    let at = this.source.indexOf(needle, from);
    if (at < 0) at = this.source.indexOf(needle);
    if (at < 0) return { line: this.firstLine, column: 1 };
    this.nextSearch.set(needle, at + needle.length);
    return this.positionOf(at);
  }

  positionOf(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the binary search keeps low and mid within lineStarts
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the binary search keeps low and mid within lineStarts
    return { line: this.firstLine + low, column: offset - this.lineStarts[low]! + 1 };
  }
}
