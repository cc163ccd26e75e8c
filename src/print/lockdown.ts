/**
 * What a print tab may do. Content is untrusted: no JavaScript, and no request
 * outside the allowed folders. Every refused request, and every allowed one
 * that failed (a missing image, stylesheet or font), is reported: the author
 * would otherwise just see a different book.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HTTPRequest, Page } from 'puppeteer-core';
import type { RequestProblem } from './request-problems.ts';

export interface Lockdown {
  /** Folders whose files the page may load (course, project, fonts, the HTML's own folder). */
  allowedRoots: string[];
  /**
   * Answer allowed file requests with the file's bytes read here, instead of
   * letting the browser read them: a remote browser has no access to our files.
   */
  serveFiles: boolean;
  report: (problem: RequestProblem) => void;
}

export async function lockDown(page: Page, { allowedRoots, serveFiles, report }: Lockdown): Promise<void> {
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  const roots = allowedRoots.map((root) => realPath(path.resolve(root)) + path.sep);
  // Requests already reported here, not again when the browser reports them failed.
  const reported = new WeakSet<HTTPRequest>();
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    if (url.startsWith('data:')) return void request.continue();
    if (url.startsWith('file:')) {
      // Symlinks are followed before the check, so a link inside the course cannot reach outside it.
      const file = realPath(path.resolve(fileURLToPath(url)));
      if (roots.some((root) => file.startsWith(root))) {
        if (!serveFiles) return void request.continue();
        return void readServedFile(file)
          .then((served) => {
            if (served) return request.respond({ status: 200, ...served });
            reported.add(request);
            report({ url, kind: 'failed', resourceType: request.resourceType(), reason: 'net::ERR_FILE_NOT_FOUND' });
            return request.abort('failed');
          })
          .catch(() => undefined); // the tab closed meanwhile: nobody waits for this request
      }
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

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file; // a missing file: the browser's own load fails
  }
}
