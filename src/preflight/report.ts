/** Preflight findings as the project's diagnostics: the PDF as file, the page in the message. */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Violation } from './types.ts';

export function violationsToDiagnostics(file: string, violations: Violation[]): Diagnostic[] {
  return violations.map((v) => ({
    severity: v.severity,
    code: v.code,
    message: v.page ? `page ${v.page}: ${v.message}` : v.message,
    file,
    hint: v.hint,
  }));
}
