/**
 * Diagnostics are data: every problem the pipeline finds is recorded with its
 * location and a hint, collected across stages and reported together.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable code, e.g. `config/schema`, `markdown/unknown-div`. */
  code: string;
  message: string;
  /** Path of the offending file, relative to the course root where possible. */
  file?: string;
  /** 1-based line and column. */
  line?: number;
  column?: number;
  /** What the user can do about it. */
  hint?: string;
}

export type DiagnosticInput = Omit<Diagnostic, 'severity'>;

/** Collects diagnostics from every stage of one build. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  add(diagnostic: Diagnostic): void {
    this.items.push(diagnostic);
  }

  error(input: DiagnosticInput): void {
    this.add({ severity: 'error', ...input });
  }

  warn(input: DiagnosticInput): void {
    this.add({ severity: 'warning', ...input });
  }

  info(input: DiagnosticInput): void {
    this.add({ severity: 'info', ...input });
  }

  /** True when the build must stop: any error, or any warning under `--strict`. */
  isFatal(strict: boolean): boolean {
    return this.items.some((d) => d.severity === 'error' || (strict && d.severity === 'warning'));
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }
}

/**
 * Thrown when a stage cannot go on. It carries every diagnostic collected so
 * far, so the CLI can print them all at once instead of only the first.
 */
export class BuildFailedError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(summarize(diagnostics));
    this.name = 'BuildFailedError';
  }
}

function summarize(diagnostics: Diagnostic[]): string {
  const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
  if (!first) return 'build failed';
  const where = first.file ? `${first.file}${first.line ? `:${first.line}` : ''}: ` : '';
  const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
  return `${where}${first.message}${more}`;
}

/** Throws a BuildFailedError if the bag holds anything fatal. */
export function failIfFatal(bag: DiagnosticBag, strict: boolean): void {
  if (bag.isFatal(strict)) throw new BuildFailedError(bag.items);
}
