/**
 * Which Chromium prints the book, in order: an explicit path (--browser or
 * COURSEBOOK_BROWSER), PUPPETEER_EXECUTABLE_PATH, a Chrome or Chromium on the
 * PATH, then the Chromium shipped inside the npm package @sparticuz/chromium,
 * which `npm ci` alone installs (puppeteer's own download cannot work offline).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ResolvedBrowser {
  executablePath: string;
  source: 'option' | 'COURSEBOOK_BROWSER' | 'PUPPETEER_EXECUTABLE_PATH' | 'PATH' | 'embedded';
  /** The embedded build is a headless shell and needs its own launch flags. */
  embedded: boolean;
}

/** A browser that is already running, reached over the DevTools protocol (`ws://…`). */
export interface RemoteBrowser {
  endpoint: string;
  source: 'option' | 'COURSEBOOK_BROWSER_URL';
}

/** --browser-url, else COURSEBOOK_BROWSER_URL; null to launch a browser here. */
export function resolveRemoteBrowser(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): RemoteBrowser | null {
  const [endpoint, source] = explicit ? [explicit, 'option' as const] : [env.COURSEBOOK_BROWSER_URL, 'COURSEBOOK_BROWSER_URL' as const];
  if (!endpoint) return null;
  if (!/^wss?:\/\/[^/\s]+/.test(endpoint)) {
    throw new BrowserNotFoundError(
      `the browser URL given by ${source === 'option' ? '--browser-url' : source} is not a DevTools WebSocket URL: ${endpoint} (expected ws://host:port/…)`,
    );
  }
  return { endpoint, source };
}

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

export class BrowserNotFoundError extends Error {}

export async function resolveBrowser(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedBrowser> {
  const candidates: [string | undefined, ResolvedBrowser['source']][] = [
    [explicit, 'option'],
    [env.COURSEBOOK_BROWSER, 'COURSEBOOK_BROWSER'],
    [env.PUPPETEER_EXECUTABLE_PATH, 'PUPPETEER_EXECUTABLE_PATH'],
  ];
  for (const [value, source] of candidates) {
    if (!value) continue;
    if (!isExecutable(value)) {
      throw new BrowserNotFoundError(
        `the browser given by ${source === 'option' ? '--browser' : source} does not exist or is not executable: ${value}`,
      );
    }
    return { executablePath: value, source, embedded: false };
  }
  const onPath = findOnPath(env.PATH ?? '');
  if (onPath) return { executablePath: onPath, source: 'PATH', embedded: false };
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    return { executablePath: await chromium.executablePath(), source: 'embedded', embedded: true };
  } catch (error) {
    throw new BrowserNotFoundError(`no browser found (${(error as Error).message}); install Chromium or pass --browser /path/to/chrome`);
  }
}

function findOnPath(searchPath: string): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const name of PATH_NAMES) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
