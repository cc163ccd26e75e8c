/**
 * Prints documents for a whole build: one browser, at most `jobs` documents
 * at once, printed parts looked up in the cache first. If the browser dies
 * while printing it is started again, and if only the page's renderer died
 * a fresh tab is used; either way the document is retried once and a second
 * failure is reported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { trace } from '../trace.ts';
import { BrowserSession, PageCrashError, type PrintedDocument, type PrintOptions } from './browser-session.ts';
import type { RemoteBrowser, ResolvedBrowser } from './resolve-browser.ts';
import type { BuildCache } from '../cache/build-cache.ts';
import { readRecord, REQUEST_PROBLEMS, writeRecord } from '../cache/cache-entries.ts';
import type { RequestProblem } from './request-problems.ts';
import { findSymlinks } from './symlink-scan.ts';

export interface PrintServiceOptions extends Omit<PrintOptions, 'tagged' | 'symlinks'> {
  /**
   * The allowed folders whose files are the author's (the course), searched
   * once for symbolic links before printing; the others are ours. Default:
   * every allowed folder.
   */
  contentRoots?: string[];
}

export interface PrintRequest {
  /** Where the HTML is written for Chromium to load (its folder must be an allowed root). */
  htmlFile: string;
  html: string;
  tagged: boolean;
  /**
   * Printed before every document still waiting (a cover: one page, and the
   * last thing its edition needs). Queued behind the other editions' parts, a
   * cover would wait for the build's last interior while its own edition is done.
   */
  urgent?: boolean;
}

/** Raised in check mode when a document is not in the cache: the outputs cannot be current. */
export class NotInCacheError extends Error {
  constructor(readonly htmlFile: string) {
    super(`${path.basename(htmlFile)} changed since the last build`);
    this.name = 'NotInCacheError';
  }
}

export interface PrintProgress {
  /** Documents finished (printed or reused) and requested so far. */
  done: number;
  requested: number;
  document: string;
}

/**
 * A browser kept by the caller across builds (the `dev` server): the build
 * prints on it and leaves it open; the caller starts it again if it died.
 */
export interface SharedBrowser {
  session(): Promise<BrowserSession>;
}

export class PrintService {
  private session: BrowserSession | null = null;
  private starting: Promise<BrowserSession> | null = null;
  private running = 0;
  private readonly waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  /** The course's symbolic links, looked for once per build (a kept browser's tabs get them anew). */
  private symlinks: Promise<string[]> | null = null;
  /** Once closed (build finished or failed) nothing is printed and no browser is started again. */
  private closed = false;
  printed = 0;
  private requested = 0;
  private done = 0;

  constructor(
    /** A browser to launch here, or one already running to connect to. */
    private readonly browser: ResolvedBrowser | RemoteBrowser,
    private readonly options: PrintServiceOptions,
    readonly cache: BuildCache,
    private readonly jobs: number,
    /** Check mode: only the cache may answer, nothing is printed. */
    private readonly cacheOnly = false,
    private readonly onProgress: (progress: PrintProgress) => void = () => undefined,
    /** Requests a document's load refused or failed; a reused print reports its own again. */
    private readonly onRequestProblems: (htmlFile: string, problems: RequestProblem[]) => void = () => undefined,
    private readonly shared: SharedBrowser | null = null,
  ) {}

  async print(request: PrintRequest): Promise<Uint8Array> {
    this.requested++;
    const pdf = await this.printOrReuse(request);
    this.done++;
    this.onProgress({ done: this.done, requested: this.requested, document: request.htmlFile });
    return pdf;
  }

  private async printOrReuse(request: PrintRequest): Promise<Uint8Array> {
    // Written even on a cache hit: --keep-html keeps every document of the edition.
    fs.mkdirSync(path.dirname(request.htmlFile), { recursive: true });
    fs.writeFileSync(request.htmlFile, request.html);
    const key = this.cache.key(request.html, { tagged: request.tagged });
    const cached = this.cache.get(key);
    if (cached) {
      this.recallRequestProblems(request.htmlFile, request.html, request.tagged);
      return cached;
    }
    if (this.cacheOnly) throw new NotInCacheError(request.htmlFile);
    await this.acquire(request.urgent === true);
    try {
      const { pdf, requestProblems } = await this.printWithRetry(request);
      trace(`printed ${path.relative(path.dirname(path.dirname(path.dirname(request.htmlFile))), request.htmlFile)}`);
      // Kept beside the print, so a build that reuses it warns as the first one did.
      if (requestProblems.length > 0) writeRecord(this.cache, REQUEST_PROBLEMS, key, requestProblems);
      this.cache.put(key, pdf);
      this.printed++;
      if (requestProblems.length > 0) this.onRequestProblems(request.htmlFile, requestProblems);
      return pdf;
    } finally {
      this.release();
    }
  }

  /** Reports again what the browser could not load when it printed this document (kept in the cache). */
  recallRequestProblems(htmlFile: string, html: string, tagged: boolean): void {
    const problems = readRecord(this.cache, REQUEST_PROBLEMS, this.cache.key(html, { tagged }));
    if (problems) this.onRequestProblems(htmlFile, problems);
  }

  /** Prints on a session the caller opened (to ask the remote browser its version first); closed with the service. */
  adopt(session: BrowserSession): void {
    if (this.session || this.starting || this.closed) throw new Error('adopt() must come before any print');
    this.session = session;
  }

  /** Starts the browser now, without waiting, so it is ready when the first document is, with `tabs` tabs open (at most `jobs`). */
  warmUp(tabs = this.jobs): void {
    Promise.all([this.ensureSession(), this.courseSymlinks()])
      .then(([session, symlinks]) => session.openIdleTabs(this.options.allowedRoots, symlinks, Math.min(tabs, this.jobs)))
      .catch(() => undefined); // a launch failure is reported by the first print
  }

  /** Whoever closes it, early (every edition printed) or at the build's end, waits for the one closing. */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private closing: Promise<void> | null = null;

  private async closeNow(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('printing stopped: the build is ending'));
    const session = this.session ?? (this.starting ? await this.starting.catch(() => null) : null);
    this.session = null;
    if (!this.shared) await session?.close();
  }

  private async printWithRetry(request: PrintRequest): Promise<PrintedDocument> {
    const { contentRoots: _scanned, ...common } = this.options;
    const options: PrintOptions = { ...common, symlinks: await this.courseSymlinks(), tagged: request.tagged };
    const session = await this.ensureSession();
    try {
      return await session.printHtmlFile(request.htmlFile, options);
    } catch (error) {
      const pageCrashed = error instanceof PageCrashError;
      if (session.connected && !pageCrashed) throw error; // a real error of this document, not a crash
      if (!session.connected) {
        // The whole browser died: start another one.
        if (this.session === session) this.session = null;
        await session.close();
      }
      const again = await this.ensureSession(); // the same browser after a page crash: a fresh tab prints
      try {
        return await again.printHtmlFile(request.htmlFile, options);
      } catch (second) {
        throw new Error(`the browser crashed twice while printing ${path.basename(request.htmlFile)}: ${(second as Error).message}`, {
          cause: second,
        });
      }
    }
  }

  private courseSymlinks(): Promise<string[]> {
    // A remote browser's every request is checked by node as it comes: it needs no rules for links.
    this.symlinks ??=
      'endpoint' in this.browser ? Promise.resolve([]) : findSymlinks(this.options.contentRoots ?? this.options.allowedRoots);
    return this.symlinks;
  }

  private async ensureSession(): Promise<BrowserSession> {
    if (this.closed) throw new Error('printing stopped: the build is ending');
    if (this.session?.connected) return this.session;
    if (!this.starting) {
      const browser = this.browser;
      const starting = this.shared
        ? this.shared.session()
        : 'endpoint' in browser
          ? BrowserSession.connect(browser)
          : BrowserSession.launch(browser);
      this.starting = starting.finally(() => {
        this.starting = null;
      });
      const session = await this.starting;
      if (this.closed) {
        if (!this.shared) await session.close();
        throw new Error('printing stopped: the build is ending');
      }
      this.session = session;
      return session;
    }
    return this.starting;
  }

  private async acquire(urgent: boolean): Promise<void> {
    if (this.running < this.jobs) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve, reject) =>
      urgent ? this.waiting.unshift({ resolve, reject }) : this.waiting.push({ resolve, reject }),
    );
    this.running++;
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.resolve();
  }
}
