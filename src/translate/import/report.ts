import type { DiagnosticBag } from '../../diagnostics/diagnostic.ts';

/** Diagnostic code of what the import itself finds (pandoc's warnings have their own). */
export const IMPORT_CODE = 'translate/import';

/** Where the import's findings go, and how they name the DOCX (`shown`) and the chapter (`relPath`). */
export interface ImportReport {
  bag: DiagnosticBag;
  shown: string;
  relPath: string;
}
