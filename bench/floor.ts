/**
 * The "floor": the same Chromium, launched the way coursebook launches it,
 * printing once, one after another, exactly the HTML documents coursebook
 * printed for an edition (kept with `keepHtml`). Only `page.goto` + `page.pdf`
 * are timed; the launch, opening a tab and disabling JavaScript are not.
 * No request interception: the floor is what the browser alone costs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import puppeteer, { type Browser } from 'puppeteer-core';
import { resolveBrowser, type ResolvedBrowser } from '../src/print/resolve-browser.ts';
import { BASE_ARGS, BrowserSession } from '../src/print/browser-session.ts';

export interface PrintJob {
  file: string;
  tagged: boolean;
}

export interface FloorResult {
  seconds: number;
  documents: { file: string; tagged: boolean; seconds: number; bytes: number }[];
  /** Where the job list came from. */
  source: 'jobs.json' | 'folder listing';
}

/**
 * The documents coursebook printed for one edition, in print order: from
 * `jobs.json` when the build wrote one, else every `*.html` of the folder
 * (tagged), `cover.html` last and untagged.
 */
export function readPrintJobs(htmlDir: string): { jobs: PrintJob[]; source: FloorResult['source'] } {
  const listFile = path.join(htmlDir, 'jobs.json');
  if (fs.existsSync(listFile)) {
    const raw: unknown = JSON.parse(fs.readFileSync(listFile, 'utf8'));
    if (!Array.isArray(raw)) throw new Error(`${listFile}: expected an array of {file, tagged}`);
    const jobs = raw.map((entry: unknown, index): PrintJob => {
      const item = entry as Partial<PrintJob> | null;
      if (!item || typeof item.file !== 'string') throw new Error(`${listFile}: entry ${index} has no "file"`);
      return { file: item.file, tagged: item.tagged !== false };
    });
    return { jobs, source: 'jobs.json' };
  }
  if (!fs.existsSync(htmlDir)) throw new Error(`no kept HTML at ${htmlDir} (did the build honour keepHtml?)`);
  const files = fs
    .readdirSync(htmlDir)
    .filter((f) => f.endsWith('.html'))
    .sort((a, b) => Number(a === 'cover.html') - Number(b === 'cover.html') || a.localeCompare(b));
  if (files.length === 0) throw new Error(`no .html file in ${htmlDir}`);
  return { jobs: files.map((file) => ({ file, tagged: file !== 'cover.html' })), source: 'folder listing' };
}

/** A browser for the floor: Chromium as coursebook resolves and launches it. */
export interface FloorBrowser {
  browser: Browser;
  resolved: ResolvedBrowser;
  version: string;
  /** How it was launched: through BrowserSession (coursebook's exact flags) or puppeteer directly. */
  launchedBy: 'BrowserSession' | 'puppeteer-core';
  close(): Promise<void>;
}

/** Flags used only if BrowserSession's browser cannot be reached: coursebook's own. */
const FALLBACK_ARGS = BASE_ARGS;

export async function launchFloorBrowser(): Promise<FloorBrowser> {
  const resolved = await resolveBrowser(undefined);
  const session = await BrowserSession.launch(resolved);
  // BrowserSession keeps its puppeteer Browser private and only prints through
  // its own request-intercepting tab; the floor needs the bare browser. The
  // field is private to TypeScript only, so it is read at run time.
  const inner: unknown = Reflect.get(session, 'browser');
  if (isBrowser(inner)) {
    return { browser: inner, resolved, version: await inner.version(), launchedBy: 'BrowserSession', close: () => session.close() };
  }
  await session.close();
  const browser = await puppeteer.launch({
    executablePath: resolved.executablePath,
    headless: 'shell',
    args: FALLBACK_ARGS,
    timeout: 60_000,
    protocolTimeout: 15 * 60_000,
  });
  return {
    browser,
    resolved,
    version: await browser.version(),
    launchedBy: 'puppeteer-core',
    close: async () => {
      await browser.close().catch(() => undefined);
    },
  };
}

function isBrowser(value: unknown): value is Browser {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Browser).newPage === 'function' &&
    typeof (value as Browser).version === 'function'
  );
}

/** Prints every job of `htmlDir` once, in order, and times load + print of each. */
export async function measureFloor(htmlDir: string, browser: Browser): Promise<FloorResult> {
  const { jobs, source } = readPrintJobs(htmlDir);
  const documents: FloorResult['documents'] = [];
  let total = 0;
  for (const job of jobs) {
    const file = path.join(htmlDir, job.file);
    if (!fs.existsSync(file)) throw new Error(`${job.file} is listed in jobs.json but missing from ${htmlDir}`);
    const page = await browser.newPage();
    try {
      await page.setJavaScriptEnabled(false);
      const started = performance.now();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 10 * 60_000 });
      const pdf = await page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        tagged: job.tagged,
        outline: false,
        timeout: 30 * 60_000,
      });
      const seconds = (performance.now() - started) / 1000;
      total += seconds;
      documents.push({ file: job.file, tagged: job.tagged, seconds, bytes: pdf.length });
    } finally {
      await page.close().catch(() => undefined);
    }
  }
  return { seconds: total, documents, source };
}
