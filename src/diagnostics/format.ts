import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from './diagnostic.ts';

/** Renders diagnostics for a terminal or a CI log, each with a short code frame. */
export function formatDiagnostics(diagnostics: Diagnostic[], root: string): string {
  return diagnostics.map((d) => formatOne(d, root)).join('\n\n');
}

function formatOne(d: Diagnostic, root: string): string {
  const location = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}` : '';
  const lines = [`${d.severity} ${d.code}${location ? ` ${location}` : ''}: ${d.message}`];
  const frame = d.file && d.line ? codeFrame(path.resolve(root, d.file), d.line, d.column) : '';
  if (frame) lines.push(frame);
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

/** Two lines of context either side of the reported line, with a caret under the column. */
export function codeFrame(file: string, line: number, column?: number): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  const all = text.split(/\r?\n/);
  const from = Math.max(1, line - 2);
  const to = Math.min(all.length, line + 2);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const marker = n === line ? '>' : ' ';
    out.push(`  ${marker} ${String(n).padStart(width)} | ${all[n - 1] ?? ''}`);
    if (n === line && column && column > 0) {
      out.push(`    ${' '.repeat(width)} | ${' '.repeat(column - 1)}^`);
    }
  }
  return out.join('\n');
}

/** JSON reporter for CI annotations. */
export function diagnosticsToJson(diagnostics: Diagnostic[]): string {
  return JSON.stringify({ diagnostics }, null, 2);
}
