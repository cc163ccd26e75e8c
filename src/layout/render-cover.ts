/**
 * The cover is a separate PDF: one spread with back, spine and front, bleed on
 * the outer edges, and a spine as thick as the interior's leaves of paper.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BookConfig, EditionConfig } from '../config/types.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { Locale } from './locale.ts';
import { editionLabel, registerHelpers } from './render-book.ts';
import { findOverridable, renderTemplate, type TemplateSet } from './templates.ts';
import { BUILTIN_STYLES } from '../project-paths.ts';

/** Below this width the spine is left blank: its text would not be legible. */
export const MIN_SPINE_TEXT_MM = 6;

export interface CoverGeometry {
  /** Full spread including bleed, in mm. */
  widthMm: number;
  heightMm: number;
  spineMm: number;
  bleedMm: number;
  /** Trim size of the whole cover (back + spine + front), in mm. */
  trimWidthMm: number;
  trimHeightMm: number;
  /** Whether the spine is wide enough, and the book long enough for the target, to carry text. */
  spineText: boolean;
  /** Area kept clear for the barcode on the back cover (bottom, next to the spine), if the target has one. */
  barcode: { widthMm: number; heightMm: number; fromSpineMm: number; fromBottomMm: number } | null;
  /** Distance of cover text from the trim edges and the spine folds. */
  safetyMm: number;
  /** Right-to-left books: the front cover is on the left of the spine. */
  frontOnLeft: boolean;
}

export function coverGeometry(config: BookConfig, interiorPages: number, dir: 'ltr' | 'rtl' = 'ltr'): CoverGeometry {
  const { page } = config;
  const rules = config.print.rules;
  const leaves = Math.ceil(interiorPages / 2);
  const spineMm = Math.round(leaves * page.paperThicknessMm * 100) / 100;
  const trimWidthMm = 2 * page.widthMm + spineMm;
  return {
    widthMm: trimWidthMm + 2 * page.bleedMm,
    heightMm: page.heightMm + 2 * page.bleedMm,
    spineMm,
    bleedMm: page.bleedMm,
    trimWidthMm,
    trimHeightMm: page.heightMm,
    spineText: spineMm >= MIN_SPINE_TEXT_MM && interiorPages >= rules.spineTextMinPages,
    barcode: rules.barcode,
    safetyMm: Math.max(rules.coverSafetyMm, 10),
    frontOnLeft: dir === 'rtl',
  };
}

export function renderCoverHtml(input: {
  config: BookConfig;
  texts: Record<string, unknown>;
  lang: string;
  locale: Locale;
  edition: EditionConfig;
  geometry: CoverGeometry;
  fontCss: string;
  templates: TemplateSet;
  bag: DiagnosticBag;
}): string | null {
  const { config, locale, edition, geometry: g } = input;
  registerHelpers(input.templates.hbs, locale);
  const side = config.page.widthMm + g.bleedMm;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the built-in styles folder has cover.css
  const cssFile = findOverridable([path.join(config.root, 'styles'), BUILTIN_STYLES], 'cover.css')!;
  const rtl = g.frontOnLeft;
  const vars = [
    `--back: ${side}mm`,
    `--spine: ${g.spineMm}mm`,
    `--front: ${side}mm`,
    `--height: ${g.heightMm}mm`,
    `--bleed: ${g.bleedMm}mm`,
    `--safety: ${g.safetyMm}mm`,
    ...(g.barcode
      ? [
          `--barcode-width: ${g.barcode.widthMm}mm`,
          `--barcode-height: ${g.barcode.heightMm}mm`,
          `--barcode-from-spine: ${g.barcode.fromSpineMm}mm`,
          `--barcode-from-bottom: ${g.barcode.fromBottomMm + g.bleedMm}mm`,
        ]
      : []),
    edition.coverColor ? `--cover-color: ${edition.coverColor}` : '',
  ].filter(Boolean);
  const data = {
    lang: input.lang,
    dir: locale.dir,
    book: input.texts,
    edition: { name: edition.name, label: editionLabel(edition, input.lang, locale) },
    coverLabel: locale.t(`cover.${edition.name}`),
    spine: { showTitle: g.spineText },
    barcode: g.barcode !== null,
    css: {
      fonts: input.fontCss,
      stylesheets: [pathToFileURL(cssFile).href],
      // A right-to-left book opens the other way: its front cover is on the left.
      page: `@page { size: ${g.widthMm}mm ${g.heightMm}mm; margin: 0; } :root { ${vars.join('; ')}; } ${rtl ? '.spread { direction: rtl; }' : ''}`,
    },
  };
  return renderTemplate(input.templates, 'cover', data, config.root, input.bag);
}
