/**
 * `coursebook build` preflights what it wrote, before anything is renamed
 * into the output folder: an error fails the build and nothing is written.
 */
import type { BookConfig } from '../config/types.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { PreflightOptions, Violation } from './types.ts';
import { importInTurn } from '../import-in-turn.ts';
import { violationsToDiagnostics } from './report.ts';

/** Found by the build itself with a better location: the page count is checked against book.yaml's print.target line. */
const CHECKED_BY_BUILD: readonly string[] = ['preflight/page-count'];

/** What the build's preflight of an output is asked to check. */
export function buildPreflightOptions(config: BookConfig, kind: 'interior' | 'cover' | 'handouts'): PreflightOptions {
  return { target: config.print.target, color: config.print.color, kind };
}

/** The findings the build reports, of all a preflight found. */
export function buildFindings(found: Violation[]): Violation[] {
  return found.filter((v) => !CHECKED_BY_BUILD.includes(v.code));
}

export function reportPreflight(file: string, found: Violation[], bag: DiagnosticBag): void {
  for (const diagnostic of violationsToDiagnostics(file, buildFindings(found))) bag.add(diagnostic);
}

/** Preflight of an output the build has as bytes only (a cover, an interior taken from the cache). */
export async function preflightOutput(
  bytes: Uint8Array,
  file: string,
  kind: 'interior' | 'cover' | 'handouts',
  config: BookConfig,
  bag: DiagnosticBag,
): Promise<void> {
  // Loaded when an output is checked: a build's preparation and first prints go without the PDF reader.
  const { preflightPdf } = await importInTurn(() => import('./preflight.ts'));
  reportPreflight(file, await preflightPdf(bytes, buildPreflightOptions(config, kind)), bag);
}
