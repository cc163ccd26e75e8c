/**
 * One browser for a whole build. It is closed on every path: normal end,
 * errors, and interruption (the CLI owns SIGINT/SIGTERM, not puppeteer, and
 * aborts the build, which closes the browser through PrintService.close).
 */
import { trace } from '../trace.ts';
import puppeteer, { TargetType, type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RemoteBrowser, ResolvedBrowser } from './resolve-browser.ts';
import { lockDown, type LockedPage } from './lockdown.ts';
import { findSymlinks } from './symlink-scan.ts';
import type { RequestProblem } from './request-problems.ts';

/** Flags that keep Chromium off the network and deterministic (see shared notes on Chromium print). */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pings',
  '--mute-audio',
  '--font-render-hinting=none',
  // Nothing is ever shown on a screen: no compositor frames unless asked for (headless shell)
  // and no compositor thread. Printing is unaffected (same text and layout, measured); the
  // browser's CPU time per edition drops by 10–20 %.
  '--enable-begin-frame-control',
  '--disable-threaded-compositing',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
  // Two processes fewer, about 90 MB of RSS: the network service and the GPU process
  // (which does nothing with --disable-gpu) run inside the browser process. Nothing
  // is sandboxed here anyway (--no-sandbox), and the lockdown's request filter is the
  // same; the PDFs are byte-identical.
  '--enable-features=NetworkServiceInProcess2',
  '--in-process-gpu',
];

export interface PrintOptions {
  /** Folders whose files the page may load (course, project, fonts, the HTML's own folder). */
  allowedRoots: string[];
  /**
   * Symbolic links inside the allowed folders that are not ours, found before
   * printing (symlink-scan.ts); when absent, all allowed folders are searched
   * here, for every document.
   */
  symlinks?: readonly string[];
  tagged: boolean;
  /** Per-document timeouts, in ms: loading and printing a long book differ by far. */
  loadTimeoutMs: number;
  printTimeoutMs: number;
}

/** A locked-down tab, kept for the next document once it has printed one without fault. */
interface Tab {
  page: Page;
  locked: LockedPage;
  /** The allowed roots its request filter was set up with. */
  rootsKey: string;
  /** The symbolic links its rules were last set up for. */
  symlinksKey: string;
  /** HTML printed so far: see TAB_HTML_BUDGET. */
  printedBytes: number;
  /** Requests of the document being printed that were refused or failed. */
  problems: RequestProblem[];
  /** Its renderer process died… */
  crashed: boolean;
  /** …and this rejected then. */
  crash: Promise<never>;
}

export interface PrintedDocument {
  pdf: Uint8Array;
  /** Requests the browser refused or could not complete while loading the document. */
  requestProblems: RequestProblem[];
}

/** The page's renderer died while printing; the browser itself is still there. */
export class PageCrashError extends Error {
  override name = 'PageCrashError';
}

/**
 * A reused tab's renderer lets go of the documents it printed before only
 * when V8 collects garbage, and with JavaScript disabled that hardly ever
 * happens: its memory would grow with every document it prints. A small
 * old-space limit (V8_OLD_SPACE_MB) makes it collect in time without slowing
 * printing, and is still large enough for a 480-page document
 * (measurements: docs/performance.md, "Memory of a reused tab"). As a second
 * line of defence, a tab is retired after printing TAB_HTML_BUDGET bytes of
 * HTML, about fifty chapter documents.
 */
const TAB_HTML_BUDGET = 16_000_000;
const V8_OLD_SPACE_MB = 64;

export class BrowserSession {
  private closed = false;
  private readonly idleTabs: Tab[] = [];
  /**
   * Tabs openIdleTabs() is still opening. A document that finds no idle tab
   * takes one of these rather than opening another: in a warm process the
   * first documents come before the tabs opened ahead are ready, and each
   * extra tab is another renderer process (about 250 MB by the end of a
   * build) printing every other document for the rest of it.
   */
  private readonly openingTabs: { rootsKey: string; tab: Promise<Tab | null> }[] = [];
  /**
   * Rejects when close() starts. Puppeteer leaves some promises pending for
   * ever once the connection is gone (a page.close() whose target-destroyed
   * event never comes, a navigation mid-flight); every wait on the browser
   * races this, so an interrupted build always unwinds.
   */
  private readonly closing = tripwire();

  private constructor(
    private readonly browser: Browser,
    /** Launched here: our own profile folder, removed by close(). */
    private readonly profileDir: string | null,
    /** Connected to a browser someone else runs: our own context in it, closed by close(). */
    private readonly remoteContext: BrowserContext | null = null,
  ) {}

  /**
   * Prints on a browser that is already running (a pool that speaks the
   * DevTools protocol, Chrome in a container). It cannot read this machine's
   * files, so every file the lockdown allows is read here and handed to it
   * through the same DevTools connection: no port is opened, the page keeps
   * the same file:// URLs (and so prints the same bytes), and the lockdown is
   * the one a local browser gets. Its pages live in a context of their own,
   * closed at the end; the browser itself is left running.
   */
  static async connect(remote: RemoteBrowser): Promise<BrowserSession> {
    const browser = await puppeteer.connect({ browserWSEndpoint: remote.endpoint, protocolTimeout: 15 * 60_000 });
    try {
      return new BrowserSession(browser, null, await browser.createBrowserContext());
    } catch (error) {
      await browser.disconnect().catch(() => undefined);
      throw error;
    }
  }

  static async launch(resolved: ResolvedBrowser): Promise<BrowserSession> {
    // Our own profile folder, removed by close(): puppeteer's own clean-up runs
    // asynchronously after the browser exits and would hold the process open.
    const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-chromium-'));
    try {
      const browser = await puppeteer.launch({
        executablePath: resolved.executablePath,
        headless: 'shell',
        args: [...BASE_ARGS, `--js-flags=--max-old-space-size=${V8_OLD_SPACE_MB}`],
        userDataDir: profileDir,
        // The lockdown follows the requests on its own DevTools session (lockdown.ts); puppeteer's
        // tracking would have every network event of the book sent and parsed a second time.
        networkEnabled: false,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        timeout: 60_000,
        protocolTimeout: 15 * 60_000,
      });
      trace('browser launched');
      // The blank page the browser starts with would idle through the build in a renderer
      // of its own (about 60 MB). It is closed, not printed on: a page puppeteer did not
      // open itself printed some documents with other bytes than a tab it opened. Its
      // target is taken now, before any tab of ours exists, and closed without waiting:
      // the first tab opens meanwhile (after an edit, that tab is what the print waits for).
      const blank = browser.targets().filter((target) => target.type() === TargetType.PAGE);
      for (const target of blank) {
        void target
          .page()
          .then((page) => page?.close())
          .catch(() => undefined);
      }
      return new BrowserSession(browser, profileDir);
    } catch (error) {
      fs.rmSync(profileDir, { recursive: true, force: true });
      throw error;
    }
  }

  get connected(): boolean {
    return !this.closed && this.browser.connected;
  }

  async version(): Promise<string> {
    return this.browser.version();
  }

  get pid(): number | undefined {
    return this.browser.process()?.pid;
  }

  /**
   * Prints an HTML file to PDF bytes, with scripts disabled and only local files reachable.
   * Tabs are reused from one document to the next: opening and closing a tab
   * costs about 0.2 s of wall time and a new renderer process per document,
   * a third of what printing a 60-page document costs. A tab that failed in
   * any way (timeout, crash, error) is closed, never reused, and so is one
   * that has printed its budget (TAB_HTML_BUDGET).
   */
  async printHtmlFile(htmlFile: string, options: PrintOptions): Promise<PrintedDocument> {
    const rootsKey = options.allowedRoots.join('\n');
    const symlinks = options.symlinks ?? (await findSymlinks(options.allowedRoots));
    await this.dropCrashedTabs();
    const reusable = this.idleTabs.findIndex((tab) => tab.rootsKey === rootsKey);
    const tab =
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- findIndex found a tab at that index
      (reusable >= 0 ? this.idleTabs.splice(reusable, 1)[0]! : await this.claimOpeningTab(rootsKey)) ??
      (await this.openTab(options.allowedRoots, rootsKey, symlinks));
    let healthy = false;
    tab.problems = [];
    try {
      const symlinksKey = symlinks.join('\n');
      if (tab.symlinksKey !== symlinksKey) {
        await this.unlessClosed(tab.locked.updateSymlinks(symlinks), tab.crash);
        tab.symlinksKey = symlinksKey;
      }
      await this.unlessClosed(tab.page.goto(`file://${htmlFile}`, { waitUntil: 'load', timeout: options.loadTimeoutMs }), tab.crash);
      const pdf = await this.unlessClosed(
        tab.page.pdf({
          preferCSSPageSize: true,
          printBackground: true,
          tagged: options.tagged,
          outline: false,
          timeout: options.printTimeoutMs,
        }),
        tab.crash,
      );
      healthy = true;
      return { pdf, requestProblems: tab.problems };
    } catch (error) {
      const message = (error as Error).message;
      if ((tab.crashed || /crashed/i.test(message)) && !this.closed) {
        throw new PageCrashError(`${path.basename(htmlFile)}: the browser's page crashed while printing it (${message})`);
      }
      if (/timeout/i.test(message)) {
        throw new Error(
          `${path.basename(htmlFile)}: the browser did not finish in time (${message}); raise --timeout for very long books`,
          { cause: error },
        );
      }
      throw error;
    } finally {
      if (healthy) tab.printedBytes += fs.statSync(htmlFile).size;
      if (healthy && !this.closed && !tab.page.isClosed() && tab.printedBytes < TAB_HTML_BUDGET) this.idleTabs.push(tab);
      else await this.unlessClosed(tab.page.close()).catch(() => undefined);
    }
  }

  /**
   * Opens tabs ahead of the first document (their renderer processes start and
   * are locked down while the edition is still being prepared), so that after
   * an edit the one document to print does not also wait for a new tab.
   */
  async openIdleTabs(allowedRoots: string[], symlinks: readonly string[], count: number): Promise<void> {
    const rootsKey = allowedRoots.join('\n');
    const sameRoots = (tab: { rootsKey: string }): boolean => tab.rootsKey === rootsKey;
    const missing = count - this.idleTabs.filter(sameRoots).length - this.openingTabs.filter(sameRoots).length;
    await Promise.all(
      Array.from({ length: Math.max(0, missing) }, async () => {
        const opening = { rootsKey, tab: this.openTab(allowedRoots, rootsKey, symlinks).catch(() => null) };
        this.openingTabs.push(opening);
        const tab = await opening.tab;
        const unclaimed = this.openingTabs.indexOf(opening);
        if (unclaimed < 0) return; // a document took it (claimOpeningTab)
        this.openingTabs.splice(unclaimed, 1);
        if (tab && !this.closed) this.idleTabs.push(tab);
      }),
    );
  }

  /** A tab openIdleTabs() is opening for these roots, taken for the caller; null if there is none (or it failed to open). */
  private async claimOpeningTab(rootsKey: string): Promise<Tab | null> {
    const index = this.openingTabs.findIndex((opening) => opening.rootsKey === rootsKey);
    if (index < 0) return null;
    const [opening] = this.openingTabs.splice(index, 1);
    return opening ? this.unlessClosed(opening.tab) : null;
  }

  private async openTab(allowedRoots: string[], rootsKey: string, symlinks: readonly string[]): Promise<Tab> {
    const page = await this.unlessClosed(this.remoteContext ? this.remoteContext.newPage() : this.browser.newPage());
    const crash = tripwire();
    const problems: RequestProblem[] = [];
    let locked: LockedPage;
    try {
      locked = await this.unlessClosed(
        lockDown(page, {
          allowedRoots,
          symlinks,
          serveFiles: this.remoteContext !== null,
          // Pushed to the tab's current list: printHtmlFile starts a new one per document.
          report: (problem) => tab.problems.push(problem),
        }),
      );
    } catch (error) {
      await this.unlessClosed(page.close()).catch(() => undefined);
      throw error;
    }
    const tab: Tab = {
      page,
      locked,
      rootsKey,
      symlinksKey: symlinks.join('\n'),
      printedBytes: 0,
      problems,
      crashed: false,
      crash: crash.tripped,
    };
    // Puppeteer's signal that the renderer process died. A navigation under way is
    // not ended by it (it would wait for its timeout), so every wait races `crash`.
    page.on('error', (error: Error) => {
      tab.crashed = true;
      crash.trip(error);
    });
    return tab;
  }

  /** An idle tab whose renderer died meanwhile (e.g. killed for memory) is closed, not reused. */
  private async dropCrashedTabs(): Promise<void> {
    for (const tab of this.idleTabs.filter((t) => t.crashed)) {
      this.idleTabs.splice(this.idleTabs.indexOf(tab), 1);
      await this.unlessClosed(tab.page.close()).catch(() => undefined);
    }
  }

  /** `work`, or a rejection as soon as the session is closing (or `alsoAbort` rejects), whichever comes first. */
  private unlessClosed<T>(work: Promise<T>, alsoAbort?: Promise<never>): Promise<T> {
    work.catch(() => undefined); // if closing wins, work's own late rejection is expected
    return Promise.race([work, this.closing.tripped, ...(alsoAbort ? [alsoAbort] : [])]);
  }

  /**
   * Ends the browser at once: every PDF is already in hand, so there is
   * nothing to save and no reason to wait for a graceful shutdown (which takes
   * seconds on a busy machine). The whole process group is killed, so no
   * renderer or zygote process outlives the build.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.trip(new Error('the browser was closed'));
    if (this.remoteContext) {
      // Not ours to end: only our context (and its tabs) goes.
      await waitAtMost(
        this.remoteContext.close().catch(() => undefined),
        3000,
      );
      await waitAtMost(
        this.browser.disconnect().catch(() => undefined),
        1000,
      );
      return;
    }
    const child = this.browser.process();
    const exited =
      child && child.exitCode === null && child.signalCode === null
        ? new Promise<void>((resolve) => child.once('exit', () => resolve()))
        : Promise.resolve();
    await waitAtMost(
      this.browser.disconnect().catch(() => undefined),
      1000,
    );
    if (child?.pid) {
      for (const target of [-child.pid, child.pid]) {
        try {
          process.kill(target, 'SIGKILL'); // negative pid: the process group (puppeteer starts Chromium detached)
        } catch {
          /* already gone */
        }
      }
    }
    await waitAtMost(exited, 3000);
    // Chromium's helper processes may still be writing to the profile as they exit: the removal is retried
    // (up to 0.3 s), asynchronously, so that the thread goes on collecting books meanwhile.
    if (this.profileDir) await fs.promises.rm(this.profileDir, { recursive: true, force: true, maxRetries: 2 });
  }
}

/** A promise that never resolves and rejects when tripped: something for pending waits to race. */
function tripwire(): { tripped: Promise<never>; trip: (error: Error) => void } {
  let trip: (error: Error) => void = () => undefined;
  const tripped = new Promise<never>((_resolve, reject) => (trip = reject));
  tripped.catch(() => undefined); // nobody may be waiting when it trips
  return { tripped, trip };
}

/**
 * Waits for `work` but no longer than `ms`. The timer holds the event loop
 * (an unref'd one could let node exit with the build unfinished) and is
 * cleared as soon as `work` settles, so it never delays a normal exit.
 */
async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
