/** book.yaml's validated data → the defaulted, resolved BookConfig (editions, blocks, page, print target). */
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { parseLength, parsePageSize } from './page-size.ts';
import {
  DEFAULT_EDITIONS,
  DEFAULT_INCLUDES,
  PAGE_DEFAULTS,
  TOC_DEPTH_DEFAULT,
  type RawBlock,
  type RawBookConfig,
  type RawEdition,
  type RawLength,
} from './schema.ts';
import { DIV_NAMES } from './div-names.ts';
import type { BlockConfig, BookConfig, EditionConfig, PageGeometry } from './types.ts';
import { checkPageAgainstTarget, resolvePrint, targetPageDefaults } from './resolve-print.ts';
import type { Target } from './yaml-source.ts';

type Locator = (segments: (string | number)[], target?: Target) => { file: string; line: number; column: number };

export function resolveConfig(raw: RawBookConfig, root: string, file: string, at: Locator, bag: DiagnosticBag): BookConfig {
  reportDuplicates(
    raw.languages.map((lang, i) => ({ name: lang, segments: ['languages', i] })),
    'language',
    at,
    bag,
  );
  const editions = (raw.editions ?? DEFAULT_EDITIONS).map(resolveEdition);
  reportDuplicates(
    (raw.editions ?? []).map((e, i) => ({
      name: typeof e === 'string' ? e : e.name,
      segments: typeof e === 'string' ? ['editions', i] : ['editions', i, 'name'],
    })),
    'edition',
    at,
    bag,
  );

  const print = resolvePrint(raw.print, at);
  const page = resolvePage(raw.page ?? {}, at, bag, targetPageDefaults(print));
  checkPageAgainstTarget(page, print, raw.page, at, bag);
  const config: BookConfig = {
    root,
    file,
    title: raw.title,
    subtitle: raw.subtitle ?? '',
    authors: raw.authors ?? [],
    publisher: raw.publisher ?? '',
    languages: raw.languages,
    editions,
    page,
    print,
    toc: { depth: raw.toc?.depth ?? TOC_DEPTH_DEFAULT },
    keywords: raw.keywords ?? [],
    translations: raw.translations ?? {},
    blocks: resolveBlocks(raw.blocks ?? {}, editions, at, bag),
  };
  if (raw.concordance !== undefined) {
    if (editions.some((e) => e.name === raw.concordance)) config.concordance = raw.concordance;
    else
      bag.error({
        code: 'config/schema',
        message: `concordance: "${raw.concordance}" is not an edition of this book`,
        ...at(['concordance']),
        hint: `name one of: ${editions.map((e) => e.name).join(', ')}`,
      });
  }
  if (raw.subject !== undefined) config.subject = raw.subject;
  if (raw.rights !== undefined) config.rights = raw.rights;
  return config;
}

/** `blocks:`: aliases must name a block coursebook or the course knows; callouts, declared editions. */
function resolveBlocks(
  raw: Record<string, string | RawBlock>,
  editions: EditionConfig[],
  at: Locator,
  bag: DiagnosticBag,
): Record<string, BlockConfig> {
  const blocks: Record<string, BlockConfig> = {};
  const editionNames = editions.map((e) => e.name);
  const known = new Set<string>([...DIV_NAMES, ...editions.flatMap((e) => e.includes), ...Object.keys(raw)]);
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') {
      if (!known.has(value) || value === name) {
        bag.error({
          code: 'config/schema',
          message: `blocks.${name}: "${value}" is not a block coursebook knows`,
          ...at(['blocks', name]),
          hint: `alias one of: ${[...known]
            .filter((k) => k !== name)
            .sort()
            .join(', ')}`,
        });
      }
      blocks[name] = { kind: 'alias', target: value };
      continue;
    }
    for (const [i, edition] of (value.editions ?? []).entries()) {
      if (editionNames.includes(edition)) continue;
      bag.error({
        code: 'config/schema',
        message: `blocks.${name}.editions: "${edition}" is not an edition of this book`,
        ...at(['blocks', name, 'editions', i]),
        hint: `editions: ${editionNames.join(', ')}`,
      });
    }
    const label = typeof value.label === 'string' ? { '*': value.label } : (value.label ?? {});
    blocks[name] = { kind: 'callout', label, editions: value.editions ?? null };
  }
  // Aliases of aliases are followed once here, so everything downstream sees a final name.
  for (const [name, block] of Object.entries(blocks)) {
    const seen = new Set([name]);
    let target = block.kind === 'alias' ? block.target : null;
    while (target !== null && blocks[target]?.kind === 'alias' && !seen.has(target)) {
      seen.add(target);
      target = (blocks[target] as { target: string }).target;
    }
    if (target !== null) blocks[name] = { kind: 'alias', target };
  }
  return blocks;
}

function resolveEdition(raw: string | RawEdition): EditionConfig {
  const given: RawEdition = typeof raw === 'string' ? { name: raw } : raw;
  const edition: EditionConfig = {
    name: given.name,
    label: given.label ?? {},
    includes: given.includes ?? [...(DEFAULT_INCLUDES[given.name] ?? [given.name])],
  };
  if (given.coverColor !== undefined) edition.coverColor = given.coverColor;
  if (given.watermark !== undefined) edition.watermark = given.watermark;
  return edition;
}

function reportDuplicates(entries: { name: string; segments: (string | number)[] }[], kind: string, at: Locator, bag: DiagnosticBag): void {
  const firstLine = new Map<string, number>();
  for (const { name, segments } of entries) {
    const location = at(segments);
    const first = firstLine.get(name);
    if (first === undefined) {
      firstLine.set(name, location.line);
      continue;
    }
    bag.error({
      code: 'config/schema',
      message: `${kind} "${name}" is listed twice`,
      ...location,
      hint: `it is already listed on line ${first}: remove one of them`,
    });
  }
}

function resolvePage(
  raw: NonNullable<RawBookConfig['page']>,
  at: Locator,
  bag: DiagnosticBag,
  fromTarget: { bleedMm: number; marks: 'none' | 'crop'; paperThicknessMm: number },
): PageGeometry {
  const sizeText = raw.size ?? PAGE_DEFAULTS.size;
  let size = parsePageSize(sizeText);
  if (!size) {
    bag.error({
      code: 'config/schema',
      message: `unknown page size "${sizeText}"`,
      ...at(['page', 'size']),
      hint: 'use A4, A5, B5, Letter, or "<width> <height>" such as "170mm 240mm" (units mm, cm, in, pt)',
    });
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the default is a named size (A4), which always parses
    size = parsePageSize(PAGE_DEFAULTS.size)!;
  }

  const length = (segments: string[], value: RawLength | undefined, fallback: RawLength): number => {
    const mm = parseLength(value ?? fallback);
    if (mm !== null) return mm;
    bag.error({
      code: 'config/schema',
      message: `invalid length "${String(value)}" for ${segments.join('.')}`,
      ...at(segments),
      hint: 'write a non-negative length with a unit: mm, cm, in or pt, e.g. "3mm" (a bare number means mm)',
    });
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- fallbacks are the schema's defaults, valid lengths
    return parseLength(fallback)!;
  };
  const margins = raw.margins ?? {};
  const marginDefaults = PAGE_DEFAULTS.margins;

  return {
    size: sizeText,
    widthMm: size.widthMm,
    heightMm: size.heightMm,
    gutterMm: length(['page', 'gutter'], raw.gutter, PAGE_DEFAULTS.gutter),
    margins: {
      topMm: length(['page', 'margins', 'top'], margins.top, marginDefaults.top),
      bottomMm: length(['page', 'margins', 'bottom'], margins.bottom, marginDefaults.bottom),
      innerMm: length(['page', 'margins', 'inner'], margins.inner, marginDefaults.inner),
      outerMm: length(['page', 'margins', 'outer'], margins.outer, marginDefaults.outer),
    },
    bleedMm: length(['page', 'bleed'], raw.bleed, fromTarget.bleedMm),
    marks: raw.marks ?? fromTarget.marks,
    paperThicknessMm: length(['page', 'paperThickness'], raw.paperThickness, fromTarget.paperThicknessMm),
  };
}
