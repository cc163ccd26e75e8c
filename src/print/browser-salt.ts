/**
 * What the build cache keys printed documents by, besides their inputs: the
 * browser that prints them (another Chromium may lay out the same HTML
 * differently) and coursebook's version.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BrowserSession } from './browser-session.ts';
import type { ResolvedBrowser } from './resolve-browser.ts';
import { VERSION } from '../project-paths.ts';

/** Cached prints are only valid for the browser build that made them. */
export function browserSalt(browser: ResolvedBrowser): string {
  // The embedded build is unpacked again into /tmp whenever /tmp is emptied: key it by its package version.
  if (browser.embedded) return `coursebook ${VERSION} @sparticuz/chromium@${embeddedChromiumVersion()}`;
  const stat = fs.statSync(browser.executablePath);
  return `coursebook ${VERSION} ${browser.executablePath} ${stat.size} ${stat.mtimeMs}`;
}

/** A remote browser's cache key is its reported version; the session is closed if it cannot say. */
export async function remoteSalt(session: BrowserSession): Promise<string> {
  try {
    return `coursebook ${VERSION} remote ${await session.version()}`;
  } catch (error) {
    await session.close();
    throw error;
  }
}

/** The version of @sparticuz/chromium (its package.json is not exported, so it is found from the entry point). */
function embeddedChromiumVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium'));
  while (dir !== path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name, version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === '@sparticuz/chromium' && version) return version;
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}
