/** Figures' image files: resolved inside the course folder, never fetched from the network. */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Tokens } from 'marked';
import type { Chapter } from '../content/types.ts';
import type { SourceLocator } from './locate.ts';
import { warnLowResolution } from './image-resolution.ts';
import type { ParseContext } from './parse-chapter.ts';

/**
 * Images must be local files inside the course folder. Remote images are never
 * fetched (a warning, and the alt text stands in); paths escaping the course
 * are refused.
 */
export function resolveImage(image: Tokens.Image, chapter: Chapter, ctx: ParseContext, locator: SourceLocator): void {
  const at = locator.locate(image.raw);
  const file = chapter.relPath;
  const cb = image as Tokens.Image & { cbSrc?: string; cbFile?: string };
  if (/^[a-z][a-z0-9+.-]*:/i.test(image.href)) {
    ctx.bag.warn({
      code: 'markdown/remote-image',
      message: `remote image "${image.href}" is not downloaded`,
      file,
      ...at,
      hint: 'save the image in the course folder and refer to it by a relative path',
    });
    return;
  }
  const target = path.resolve(path.dirname(chapter.file), decodePath(image.href));
  const relative = path.relative(ctx.config.root, target);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    ctx.bag.error({
      code: 'markdown/path-escape',
      message: `image path "${image.href}" leaves the course folder`,
      file,
      ...at,
      hint: 'keep images inside the course folder, e.g. content/<lang>/images/',
    });
    return;
  }
  if (!fs.existsSync(target)) {
    ctx.bag.error({
      code: 'markdown/missing-image',
      message: `image "${image.href}" not found`,
      file,
      ...at,
      hint: `create ${path.relative(ctx.config.root, target)} or fix the path (relative to the chapter file)`,
    });
    return;
  }
  if (linksOutside(ctx.config.root, target)) {
    ctx.bag.error({
      code: 'markdown/path-escape',
      message: `image "${image.href}" is a symbolic link to a file outside the course folder`,
      file,
      ...at,
      hint: 'copy the image into the course folder instead of linking to it',
    });
    return;
  }
  cb.cbSrc = pathToFileURL(target).href;
  cb.cbFile = target;
  warnLowResolution(target, file, at, ctx.config, ctx.bag);
}

/** True when `file`, inside `root` by its path, really lives outside it (through a symbolic link). */
function linksOutside(root: string, file: string): boolean {
  try {
    const relative = path.relative(fs.realpathSync(root), fs.realpathSync(file));
    return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  } catch {
    return false;
  }
}

/** `images/cycle%20cr%C3%A9dit.svg` → `images/cycle crédit.svg`; a stray `%` (`100%.svg`) is taken literally. */
function decodePath(href: string): string {
  try {
    return decodeURIComponent(href);
  } catch {
    return href;
  }
}
