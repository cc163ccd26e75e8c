/**
 * The `dev` server's builds: one language × edition at a time, into a
 * temporary folder (the course's output/ is never touched), with one browser
 * kept open from build to build and the build cache and parsed chapters
 * reused, so a saved sentence reprints one part. Builds never overlap: saves
 * made during a build are coalesced into one more build after it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../build.ts';
import { BuildFailedError, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { codeFrame, formatDiagnostics } from '../diagnostics/format.ts';
import { BrowserSession } from '../print/browser-session.ts';
import type { SharedBrowser } from '../print/print-service.ts';
import { resolveBrowser } from '../print/resolve-browser.ts';
import { firstChangedPage, pageFingerprints } from './page-fingerprints.ts';

export interface Selection {
  lang: string;
  edition: string;
}

/** What the preview page is told, as server-sent events. */
export type DevEvent =
  | { type: 'building' }
  | { type: 'updated'; version: number; seconds: number; warnings: number }
  /** Sent after `updated`: the first page (0-based) that differs from the previous version. */
  | { type: 'changed'; version: number; firstChangedPage: number | null }
  | { type: 'unchanged'; version: number }
  | { type: 'error'; message: string; diagnostics: ShownDiagnostic[] };

export interface ShownDiagnostic {
  severity: string;
  code: string;
  message: string;
  location: string;
  frame: string;
  hint: string;
}

interface Edition {
  selection: Selection;
  outDir: string;
  pdf: Uint8Array | null;
  fingerprints: string[];
  version: number;
  error: DevEvent | null;
  /** A build is needed (a file was saved since the last one started). */
  stale: boolean;
  running: Promise<void> | null;
}

/** The printing browser, started once and again only if it died. */
class KeptBrowser implements SharedBrowser {
  private current: Promise<BrowserSession> | null = null;
  private closed = false;

  constructor(private readonly executable: string | undefined) {}

  async session(): Promise<BrowserSession> {
    if (this.closed) throw new Error('the preview server is stopping');
    const existing = this.current ? await this.current.catch(() => null) : null;
    if (existing?.connected) return existing;
    this.current = resolveBrowser(this.executable).then((resolved) => BrowserSession.launch(resolved));
    this.current.catch(() => (this.current = null));
    return this.current;
  }

  async close(): Promise<void> {
    this.closed = true;
    const session = this.current ? await this.current.catch(() => null) : null;
    await session?.close();
  }
}

export class Rebuilder {
  private readonly editions = new Map<string, Edition>();
  private readonly listeners = new Set<(selection: Selection, event: DevEvent) => void>();
  private readonly browser: KeptBrowser;
  private readonly workDir: string;

  constructor(
    readonly root: string,
    private readonly options: { browser?: string; jobs?: number; log?: (line: string) => void } = {},
  ) {
    this.browser = new KeptBrowser(options.browser);
    this.workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-dev-'));
  }

  onEvent(listener: (selection: Selection, event: DevEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The last good interior of a selection (built first if it never was), and its version. */
  async current(selection: Selection): Promise<{ pdf: Uint8Array | null; version: number; error: DevEvent | null; busy: boolean }> {
    const edition = this.edition(selection);
    // Never built: build it (or wait for the first build under way, without asking for another).
    if (edition.version === 0 && !edition.error) await (edition.running ?? this.rebuild(selection));
    return { pdf: edition.pdf, version: edition.version, error: edition.error, busy: edition.running !== null };
  }

  /** A file was saved: every selection built so far is built again. */
  changed(): void {
    for (const edition of this.editions.values()) {
      edition.stale = true;
      void this.rebuild(edition.selection);
    }
  }

  /** Builds now, or right after the build under way (one build for any number of saves meanwhile). */
  rebuild(selection: Selection): Promise<void> {
    const edition = this.edition(selection);
    edition.stale = true;
    edition.running ??= (async () => {
      try {
        while (edition.stale) {
          edition.stale = false;
          await this.buildOnce(edition);
        }
      } finally {
        edition.running = null;
      }
    })();
    return edition.running;
  }

  async close(): Promise<void> {
    await Promise.all([...this.editions.values()].flatMap((e) => (e.running ? [e.running.catch(() => undefined)] : [])));
    await this.browser.close();
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }

  private edition(selection: Selection): Edition {
    const key = `${selection.lang}/${selection.edition}`;
    let edition = this.editions.get(key);
    if (!edition) {
      edition = {
        selection,
        outDir: path.join(this.workDir, 'out', selection.lang, selection.edition),
        pdf: null,
        fingerprints: [],
        version: 0,
        error: null,
        stale: false,
        running: null,
      };
      this.editions.set(key, edition);
    }
    return edition;
  }

  private emit(selection: Selection, event: DevEvent): void {
    for (const listener of this.listeners) listener(selection, event);
  }

  private async buildOnce(edition: Edition): Promise<void> {
    const { selection } = edition;
    const started = performance.now();
    this.emit(selection, { type: 'building' });
    try {
      const result = await build({
        root: this.root,
        outDir: edition.outDir,
        langs: [selection.lang],
        editions: [selection.edition],
        jobs: this.options.jobs ?? os.cpus().length,
        sharedBrowser: { browser: this.browser, htmlDir: path.join(this.workDir, 'html') },
        // A preview is looked at, not printed: the printer's checks are `build`'s.
        preflight: false,
        log: () => undefined,
      });
      const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
      const pdf = new Uint8Array(fs.readFileSync(path.join(edition.outDir, selection.lang, `${selection.edition}.pdf`)));
      edition.error = null;
      if (edition.pdf && Buffer.from(pdf).equals(Buffer.from(edition.pdf))) {
        this.emit(selection, { type: 'unchanged', version: edition.version });
        return;
      }
      edition.pdf = pdf;
      edition.version++;
      const seconds = (performance.now() - started) / 1000;
      this.options.log?.(`${selection.lang}/${selection.edition}: ${result.printed} document(s) printed, ${seconds.toFixed(1)} s`);
      // The new interior is served and announced at once; which page changed first is
      // worked out next (half a second for 500 pages), and the page jumps there when told.
      this.emit(selection, { type: 'updated', version: edition.version, seconds, warnings });
      const fingerprints = await pageFingerprints(pdf);
      const first = edition.version === 1 ? null : firstChangedPage(edition.fingerprints, fingerprints);
      edition.fingerprints = fingerprints;
      this.emit(selection, { type: 'changed', version: edition.version, firstChangedPage: first });
    } catch (error) {
      edition.error = this.errorEvent(error);
      this.options.log?.(`${selection.lang}/${selection.edition}: ${edition.error.type === 'error' ? edition.error.message : ''}`);
      this.emit(selection, edition.error);
    }
  }

  private errorEvent(error: unknown): DevEvent {
    if (error instanceof BuildFailedError) {
      const shown = error.diagnostics.filter((d) => d.severity !== 'info');
      return { type: 'error', message: formatDiagnostics(shown, this.root), diagnostics: shown.map((d) => this.shown(d)) };
    }
    const message = error instanceof Error ? error.message : String(error);
    return {
      type: 'error',
      message,
      diagnostics: [{ severity: 'error', code: 'build/failed', message, location: '', frame: '', hint: '' }],
    };
  }

  private shown(d: Diagnostic): ShownDiagnostic {
    const location = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}` : '';
    const frame = d.file && d.line ? codeFrame(path.resolve(this.root, d.file), d.line, d.column) : '';
    return { severity: d.severity, code: d.code, message: d.message, location, frame, hint: d.hint ?? '' };
  }
}
