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
  // Code: one file with Latin, Arabic, French spaces and the box-drawing glyphs of directory trees.
  { pkg: '@fontsource/dejavu-mono', files: ['400.css', '700.css'] },
];

/**
 * Fonts declared whole, without fontsource's unicode-range: the npm file of
 * Noto Sans Math holds every mathematical glyph and the OpenType MATH table
 * Chromium lays MathML out with, but its CSS limits it to Latin letters.
 */
export const WHOLE_FONTS: { family: string; pkg: string; file: string }[] = [
  { family: 'Noto Sans Math', pkg: '@fontsource/noto-sans-math', file: 'noto-sans-math-latin-400-normal.woff2' },
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
    .concat(
      WHOLE_FONTS.map(
        ({ family, pkg, file }) =>
          `@font-face { font-family: '${family}'; font-style: normal; font-weight: 400; font-display: block; src: url(${pathToFileURL(path.join(packageDir(pkg), 'files', file)).href}) format('woff2'); }`,
      ),
    )
    .join('\n');
}

/** The WOFF file (not WOFF2: pdf-lib's subsetter cannot read those) used to stamp folios and running heads. */
export function stampFontFile(pkg: string, subset: string, weight = 400, style = 'normal'): string {
  const base = pkg.replace('@fontsource/', '');
  return path.join(packageDir(pkg), 'files', `${base}-${subset}-${weight}-${style}.woff`);
}

/** The folio fonts of a book printed with `digits` (`latn` 0–9, `arab` ٠–٩): see assemble/folio-fonts.ts. */
export function folioFontFiles(digits: string): { latin: string; digits?: string } {
  return {
    latin: stampFontFile('@fontsource/source-serif-4', 'latin'),
    ...(digits === 'arab' ? { digits: stampFontFile('@fontsource/noto-naskh-arabic', 'arabic') } : {}),
  };
}
