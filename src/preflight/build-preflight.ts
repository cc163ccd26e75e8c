/**
 * `coursebook build` preflights what it wrote, before anything is renamed
 * into the output folder: an error fails the build and nothing is written.
 */
import type { BookConfig } from '../config/types.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { preflightPdf } from './preflight.ts';
import { violationsToDiagnostics } from './report.ts';

/**
 * Checks the build would leave to stages not merged yet (none now: the XMP
 * PDF/X identification is written with the metadata, and every font program
 * is of its /FontFile kind); `coursebook preflight` always runs every check.
 */
export const CHECKS_PENDING_IN_BUILD: readonly string[] = [];

/** Found by the build itself with a better location: the page count is checked against book.yaml's print.target line. */
const CHECKED_BY_BUILD: readonly string[] = ['preflight/page-count'];

export async function preflightOutput(bytes: Uint8Array, file: string, kind: 'interior' | 'cover' | 'handouts', config: BookConfig, bag: DiagnosticBag): Promise<void> {
  const found = await preflightPdf(bytes, { target: config.print.target, color: config.print.color, kind });
  const violations = found.filter((v) => !CHECKS_PENDING_IN_BUILD.includes(v.code) && !CHECKED_BY_BUILD.includes(v.code));
  for (const diagnostic of violationsToDiagnostics(file, violations)) bag.add(diagnostic);
}
