/**
 * What a print tab may do. Content is untrusted: no JavaScript, and no request
 * outside the allowed folders. Every refused request, and every allowed one
 * that failed (a missing image, stylesheet or font), is reported: the author
 * would otherwise just see a different book.
 *
 * A local browser applies the rule itself (browser-rules.ts): only the few
 * requests a URL prefix cannot judge wait for node. A remote browser cannot
 * read our files, so every request of it goes through node, which reads the
 * allowed files and hands them over.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HTTPRequest, Page, Protocol } from 'puppeteer-core';
import { browserRules } from './browser-rules.ts';
import { FileAccess } from './file-access.ts';
import type { RequestProblem } from './request-problems.ts';

export interface Lockdown {
  /** Folders whose files the page may load (course, project, fonts, the HTML's own folder). */
  allowedRoots: string[];
  /** Symbolic links inside the allowed folders that are not ours (symlink-scan.ts). */
  symlinks: readonly string[];
  /**
   * Answer allowed file requests with the file's bytes read here, instead of
   * letting the browser read them: a remote browser has no access to our files.
   */
  serveFiles: boolean;
  report: (problem: RequestProblem) => void;
}

export interface LockedPage {
  /** Brings the browser's own rules up to date with the links found for another build (the dev server's tabs live on). */
  updateSymlinks(symlinks: readonly string[]): Promise<void>;
}

export async function lockDown(page: Page, lockdown: Lockdown): Promise<LockedPage> {
  await page.setJavaScriptEnabled(false);
  const access = new FileAccess(lockdown.allowedRoots);
  return lockdown.serveFiles ? interceptAll(page, access, lockdown.report) : applyBrowserRules(page, access, lockdown);
}

/** Chromium's error text for a request node failed as refused. */
const REFUSED_BY_NODE = 'net::ERR_BLOCKED_BY_CLIENT';

/**
 * The local browser's rules, on a DevTools session of our own. The browser is
 * launched with puppeteer's network tracking off (browser-session.ts): this
 * session is the only one the Network domain reports to, so no request costs
 * node more than its few events.
 */
async function applyBrowserRules(page: Page, access: FileAccess, { allowedRoots, symlinks, report }: Lockdown): Promise<LockedPage> {
  const session = await page.createCDPSession();
  session.on('Fetch.requestPaused', (event: Protocol.Fetch.RequestPausedEvent) => {
    const answer = access.permits(event.request.url)
      ? session.send('Fetch.continueRequest', { requestId: event.requestId })
      : session.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'BlockedByClient' });
    answer.catch(() => undefined); // the tab closed meanwhile: nobody waits for this request
  });
  // Requests under way: their URL and type, for the report if they fail.
  const pending = new Map<string, { url: string; resourceType: string }>();
  session.on('Network.requestWillBeSent', (event: Protocol.Network.RequestWillBeSentEvent) => {
    pending.set(event.requestId, { url: event.request.url, resourceType: (event.type ?? 'Other').toLowerCase() });
  });
  session.on('Network.loadingFinished', (event: Protocol.Network.LoadingFinishedEvent) => pending.delete(event.requestId));
  session.on('Network.loadingFailed', (event: Protocol.Network.LoadingFailedEvent) => {
    const request = pending.get(event.requestId);
    pending.delete(event.requestId);
    if (!request) return;
    // Blocked by the rules: reason `inspector` and no error text; refused by node: REFUSED_BY_NODE.
    if (event.blockedReason === 'inspector' || event.errorText.startsWith(REFUSED_BY_NODE) || !access.permits(request.url)) {
      report({ ...request, kind: 'refused' });
    } else {
      report({ ...request, kind: 'failed', reason: event.errorText || 'unknown error' });
    }
  });
  // Blocked URLs act only through a session whose Network domain is enabled.
  await session.send('Network.enable');
  const apply = async (links: readonly string[]): Promise<void> => {
    const rules = browserRules(allowedRoots, links);
    await session.send('Network.setBlockedURLs', { urlPatterns: rules.blockPatterns });
    await session.send('Fetch.enable', { patterns: rules.pausePatterns });
  };
  await apply(symlinks);
  return { updateSymlinks: apply };
}

/** Every request waits for node, which serves the allowed files itself (a remote browser). */
async function interceptAll(page: Page, access: FileAccess, report: Lockdown['report']): Promise<LockedPage> {
  await page.setRequestInterception(true);
  // Requests already reported here, not again when the browser reports them failed.
  const reported = new WeakSet<HTTPRequest>();
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    if (url.startsWith('data:')) return void request.continue();
    const file = access.allowedFile(url);
    if (file) {
      return void readServedFile(file)
        .then((served) => {
          if (served) return request.respond({ status: 200, ...served });
          reported.add(request);
          report({ url, kind: 'failed', resourceType: request.resourceType(), reason: 'net::ERR_FILE_NOT_FOUND' });
          return request.abort('failed');
        })
        .catch(() => undefined); // the tab closed meanwhile: nobody waits for this request
    }
    reported.add(request);
    report({ url, kind: 'refused', resourceType: request.resourceType() });
    void request.abort('accessdenied');
  });
  page.on('requestfailed', (request: HTTPRequest) => {
    if (reported.has(request)) return;
    report({
      url: request.url(),
      kind: 'failed',
      resourceType: request.resourceType(),
      reason: request.failure()?.errorText ?? 'unknown error',
    });
  });
  // Node checks every request as it comes: links need no rules of their own.
  return { updateSymlinks: async () => undefined };
}

/** Media types of the files a book loads; the browser sniffs anything else. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

/** A file's bytes and type, as the browser's own file:// load would have read them; null if there is no such file. */
async function readServedFile(file: string): Promise<{ body: Buffer; contentType?: string } | null> {
  try {
    // Only regular files: a FIFO or device would block for ever.
    if (!(await fs.promises.stat(file)).isFile()) return null;
    const body = await fs.promises.readFile(file);
    const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
    return contentType ? { body, contentType } : { body };
  } catch {
    return null;
  }
}
