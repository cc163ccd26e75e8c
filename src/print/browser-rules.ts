/**
 * The lockdown of a local browser, as rules the browser applies itself, so
 * that the hundreds of allowed requests of a book cost no round trip to node:
 *
 * - Blocked URLs (DevTools `Network.setBlockedURLs`, URLPattern syntax, first
 *   match decides): `data:` and the allowed folders pass, everything else is
 *   blocked (remote URLs, `file:` outside the folders).
 * - Paused requests (`Fetch.enable`): the few a prefix cannot judge are held
 *   until node's own check (FileAccess) answers: documents (Chromium does not
 *   apply blocked URLs to frame navigations), URLs holding `%` (a path may be
 *   spelled with escapes: `%6cink.svg` is `link.svg`), URLs holding `//`
 *   (`a//link` is `a/link` on disk), and anything under a symbolic link found
 *   in the course (it may lead out of it).
 *
 * `..` needs no rule: the browser resolves it (escaped or not) before any
 * pattern sees the URL.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { realPath } from './file-access.ts';

/** One entry of `Network.setBlockedURLs`' `urlPatterns`. */
export interface BlockPattern {
  urlPattern: string;
  block: boolean;
}

/** One entry of `Fetch.enable`'s `patterns`. */
export interface PausePattern {
  urlPattern: string;
  resourceType?: 'Document';
}

export interface BrowserRules {
  blockPatterns: BlockPattern[];
  pausePatterns: PausePattern[];
}

export function browserRules(allowedRoots: readonly string[], symlinks: readonly string[]): BrowserRules {
  const spellings = new Set(allowedRoots.flatMap((root) => [path.resolve(root), realPath(path.resolve(root))]));
  return {
    blockPatterns: [
      { urlPattern: 'data:*', block: false },
      ...[...spellings].sort().map((root) => ({ urlPattern: `${escapeUrlPattern(folderUrl(root))}*`, block: false })),
      { urlPattern: '*://*:*', block: true }, // every scheme, host and port
    ],
    pausePatterns: [
      { urlPattern: '*', resourceType: 'Document' },
      { urlPattern: 'file://*%*' },
      { urlPattern: 'file:///*//*' },
      // The link itself (with or without a query) and anything under it.
      ...symlinks.flatMap((link) => {
        const url = escapeFetchGlob(pathToFileURL(link).href);
        return [{ urlPattern: url }, { urlPattern: `${url}/*` }, { urlPattern: `${url}\\?*` }];
      }),
    ],
  };
}

/** `file:///a/b/` for the folder /a/b. */
function folderUrl(folder: string): string {
  return pathToFileURL(folder).href.replace(/\/?$/, '/');
}

/** Characters with a meaning in a URLPattern constructor string, taken literally. */
export function escapeUrlPattern(text: string): string {
  return text.replace(/[\\*+?(){}:]/g, (c) => `\\${c}`).replace(/^file\\:/, 'file:');
}

/** Fetch patterns' wildcards (`*`, `?`) and escape character, taken literally. */
export function escapeFetchGlob(text: string): string {
  return text.replace(/[\\*?]/g, (c) => `\\${c}`);
}
