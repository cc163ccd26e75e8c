/**
 * Fonts come from npm (@fontsource), never from the machine: the same build
 * gives the same PDF everywhere. fontsource's CSS is reused with absolute file
 * URLs and `font-display: block`, so Chromium never prints with a fallback
 * font while a web font is still loading.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

export interface FontFaceSource {
  /** npm package, e.g. `@fontsource/source-serif-4`. */
  pkg: string;
  /** fontsource CSS files of that package to include, e.g. `400.css`. */
  files: string[];
}

export const BOOK_FONTS: FontFaceSource[] = [
  { pkg: '@fontsource/source-serif-4', files: ['400.css', '400-italic.css', '600.css', '700.css', '700-italic.css'] },
  { pkg: '@fontsource/source-sans-3', files: ['400.css', '400-italic.css', '600.css', '700.css'] },
  { pkg: '@fontsource/noto-naskh-arabic', files: ['400.css', '700.css'] },
];

/** Folder of an installed npm package. */
export function packageDir(pkg: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

export function fontFaceCss(fonts: FontFaceSource[] = BOOK_FONTS): string {
  return fonts
    .flatMap(({ pkg, files }) => {
      const dir = packageDir(pkg);
      return files.map((file) =>
        fs
          .readFileSync(path.join(dir, file), 'utf8')
          .replace(/font-display:\s*swap/g, 'font-display: block')
          .replace(/url\(\.\/files\/([^)]+)\)/g, (_m, name: string) => `url(${pathToFileURL(path.join(dir, 'files', name)).href})`),
      );
    })
    .join('\n');
}

/** The WOFF file (not WOFF2: pdf-lib's subsetter cannot read those) used to stamp folios and running heads. */
export function stampFontFile(pkg: string, subset: string, weight = 400, style = 'normal'): string {
  const base = pkg.replace('@fontsource/', '');
  return path.join(packageDir(pkg), 'files', `${base}-${subset}-${weight}-${style}.woff`);
}
