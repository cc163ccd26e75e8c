/**
 * The lockdown's rule, decided in node: a page may load `data:` URLs and the
 * files inside the allowed folders, symbolic links followed first (a link
 * inside the course must not reach a file outside it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export class FileAccess {
  /** Each allowed folder's real path, with a trailing separator. */
  private readonly roots: string[];

  constructor(allowedRoots: readonly string[]) {
    this.roots = allowedRoots.map((root) => realPath(path.resolve(root)) + path.sep);
  }

  /** The real path of the file a `file:` URL reaches, if it lies inside an allowed folder; else null. */
  allowedFile(url: string): string | null {
    if (!url.startsWith('file:')) return null;
    let file: string;
    try {
      file = realPath(path.resolve(fileURLToPath(url)));
    } catch {
      return null; // a file URL naming a host, or not a valid path
    }
    return this.roots.some((root) => file.startsWith(root)) ? file : null;
  }

  permits(url: string): boolean {
    return url.startsWith('data:') || this.allowedFile(url) !== null;
  }
}

/** The path with every symbolic link resolved; the path itself if it does not exist (the load then fails). */
export function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
