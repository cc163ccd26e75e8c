/**
 * Participant-page concordance: the trainer edition of a language says where
 * each chapter, level-2 section and exercise is in that language's
 * participant edition ("Participant manual, p. 31"), each session plan
 * which participant pages the session uses, and each cross-reference written
 * in a trainer-only place (the session plans' activities) the participant
 * page of what it names (« manuel p. 31 »).
 *
 * Items are matched by where they are written (chapter file and line), which
 * both editions share; an item the participant edition does not have (inside
 * a trainer block, in a trainer-only chapter) gets no reference. The numbers
 * come from the participant edition's own assembly (or its cached result):
 * the trainer edition prints empty slots (`cbpc--N`) and its assembly waits
 * for the participant layout to stamp them (assemble/concordance-pages.ts).
 */
import type { ParsedChapter, RefTarget, Translate } from '../markdown/types.ts';
import { escapeHtml } from '../markdown/sanitize-html.ts';
import type { BookConfig, EditionConfig } from '../config/types.ts';
import { BlockCatalog } from '../markdown/blocks.ts';
import { flattenDivs, scanFencedDivs } from '../markdown/fenced-divs.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';

/** Prefix of the self-links where a participant page label is stamped. */
export const CONCORDANCE_SLOT_PREFIX = 'cbpc--';

/** Where a participant item is: its page label as printed and its 0-based page in participant.pdf. */
export interface SourcePage {
  label: string;
  page: number;
}

/** What the trainer edition needs of the participant edition's layout. */
export interface SourceLayout {
  /** Item key → its page. */
  pages: Record<string, SourcePage>;
  /** Chapter key → its first and last page. */
  chapters: Record<string, { first: SourcePage; last: SourcePage }>;
}

/** A slot of the trainer edition: the item it names, and whether it prints one page or the chapter's pages. */
export interface ConcordanceSlot {
  key: string;
  kind: 'page' | 'range';
}

/** The same item in every edition: its chapter file, and the line where it is written (none for the chapter itself). */
export function itemKey(chapter: ParsedChapter, target: RefTarget): string {
  return target.kind === 'chapter' ? chapter.chapter.relPath : `${chapter.chapter.relPath}:${target.line ?? 0}`;
}

function isConcordanceItem(target: RefTarget): boolean {
  return target.kind === 'chapter' || target.kind === 'exercise' || (target.kind === 'section' && target.level === 2);
}

/**
 * The items of the participant edition that the trainer edition may point at:
 * key → html id. Every cross-reference target, not only the items that get a
 * margin reference: a cross-reference written in a trainer-only place points
 * at figures, tables and level-3 sections too (participantPageOfReference).
 */
export function sourceItems(parsed: ParsedChapter[]): Record<string, string> {
  const items: Record<string, string> = {};
  for (const chapter of parsed) {
    for (const target of chapter.targets) items[itemKey(chapter, target)] = target.htmlId;
  }
  return items;
}

/** A slot where a participant page label (or a chapter's page range) is stamped, in its locale words. */
function slotHtml(key: string, kind: ConcordanceSlot['kind'], words: string, slots: Map<string, ConcordanceSlot>): string {
  const id = `${CONCORDANCE_SLOT_PREFIX}${slots.size + 1}`;
  slots.set(id, { key, kind });
  const [before, after = ''] = escapeHtml(words).split('\u0000');
  const width = kind === 'range' ? ' cb-concordance-range' : '';
  return `${before}<a class="cb-pageref cb-concordance-slot${width}" id="${id}" href="#${id}">\u2007</a>${after}`;
}

/**
 * Lines of a chapter that the source edition does not have: all of them for a
 * chapter it leaves out, else those of the fenced divs it hides. Hidden divs
 * are blanked line by line at parse time, so a line is the place both
 * editions agree on.
 */
export function linesHiddenFrom(chapter: ParsedChapter, source: EditionConfig, config: BookConfig): (line: number) => boolean {
  const { frontMatter, body, bodyStartLine, relPath } = chapter.chapter;
  if (frontMatter.editions && !frontMatter.editions.includes(source.name)) return () => true;
  const isVisible = new BlockCatalog(config).visibility(source);
  // Fence problems are reported when the chapter is parsed; here only the fences' places matter.
  const hidden = flattenDivs(scanFencedDivs(body, bodyStartLine, relPath, new DiagnosticBag()))
    .filter((div) => !isVisible(div.name))
    .map((div) => [div.openLine, div.closeIndex < 0 ? Infinity : div.closeLine] as const);
  return (line) => hidden.some(([open, close]) => line >= open && line <= close);
}

/**
 * « manuel p. 31 » after a cross-reference or chapter link written where the
 * source edition cannot see it (a session plan, a trainer block), to an item
 * it has: the trainer tells participants where to look. Empty otherwise.
 */
export function participantPageOfReference(
  target: RefTarget,
  at: { chapter: ParsedChapter; line: number },
  ctx: {
    parsed: ParsedChapter[];
    source: Record<string, string>;
    hiddenFromSource: (chapter: ParsedChapter) => (line: number) => boolean;
    slots: Map<string, ConcordanceSlot>;
    t: Translate;
  },
): string {
  const owner = ctx.parsed[target.chapterNumber - 1];
  if (!owner || !ctx.hiddenFromSource(at.chapter)(at.line)) return '';
  const key = itemKey(owner, target);
  if (!(key in ctx.source)) return '';
  // No closing bracket: the slot is as wide as the longest label, and a bracket would stand apart from a short one.
  return ` <span class="cb-concordance-xref">${slotHtml(key, 'page', ctx.t('trainertools.manualPage', { page: '\u0000' }), ctx.slots)}</span>`;
}

/** The edition whose pages `edition` points at, if any (`concordance:` in book.yaml; never itself). */
export function concordanceSourceFor(config: BookConfig, edition: EditionConfig): string | null {
  const source = config.concordance;
  if (!source || source === edition.name || !edition.includes.includes('trainer')) return null;
  return config.editions.some((e) => e.name === source) ? source : null;
}

/** References added to one trainer chapter: the opener's, the session plan's, and those in the body. */
export interface ChapterReferences {
  html: string;
  opener: string | null;
  sessionPages: string | null;
}

/**
 * Adds "Participant manual, p. N" under each level-2 section heading and
 * each exercise title of a chapter's HTML that the participant edition also
 * has, and makes the opener's and the session plan's references.
 */
export function addConcordanceReferences(
  html: string,
  chapter: ParsedChapter,
  source: Record<string, string>,
  slots: Map<string, ConcordanceSlot>,
  t: Translate,
): ChapterReferences {
  const reference = (key: string, kind: ConcordanceSlot['kind'], className: string): string => {
    const words =
      kind === 'page' ? t('trainertools.participantPage', { page: '\u0000' }) : t('trainertools.participantPages', { pages: '\u0000' });
    return `<p class="cb-concordance ${className}">${slotHtml(key, kind, words, slots)}</p>\n`;
  };
  let out = html;
  let opener: string | null = null;
  let sessionPages: string | null = null;
  for (const target of chapter.targets) {
    if (!isConcordanceItem(target)) continue;
    const key = itemKey(chapter, target);
    if (!(key in source)) continue;
    if (target.kind === 'chapter') {
      opener = reference(key, 'page', 'cb-concordance-chapter');
      sessionPages = reference(key, 'range', 'cb-concordance-session');
      continue;
    }
    const pattern =
      target.kind === 'section'
        ? new RegExp(`(<h2 id="${target.htmlId}">[\\s\\S]*?</h2>\\n)`)
        : new RegExp(`(<aside class="callout callout-exercise" id="${target.htmlId}"><p class="callout-title">[\\s\\S]*?</p>\\n)`);
    out = out.replace(pattern, (m) => m + reference(key, 'page', `cb-concordance-${target.kind}`));
  }
  return { html: out, opener, sessionPages };
}

/** Waits, per language, for the participant layout the trainer edition needs; settled by build-outputs. */
export class ConcordanceRegistry {
  private readonly entries = new Map<string, { key: Deferred<string>; layout: Deferred<SourceLayout> }>();

  private entry(lang: string) {
    let found = this.entries.get(lang);
    if (!found) this.entries.set(lang, (found = { key: deferred(), layout: deferred() }));
    return found;
  }

  /** The source edition's assembly key (its layout depends on nothing else): part of the trainer edition's key. */
  sourceKey(lang: string): Promise<string> {
    return this.entry(lang).key.promise;
  }

  sourceLayout(lang: string): Promise<SourceLayout> {
    return this.entry(lang).layout.promise;
  }

  publishKey(lang: string, key: string): void {
    this.entry(lang).key.resolve(key);
  }

  publishLayout(lang: string, layout: SourceLayout): void {
    this.entry(lang).layout.resolve(layout);
  }

  /** The source edition failed or was never built: whoever waits fails too, instead of waiting for ever. */
  fail(lang: string | null, error: Error): void {
    const langs = lang === null ? [...this.entries.keys()] : [lang];
    for (const l of langs) {
      const e = this.entry(l);
      e.key.reject(error);
      e.layout.reject(error);
    }
  }
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  let settled = false;
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // a rejection nobody waits for is not an unhandled one
  return {
    promise,
    resolve: (value) => !settled && ((settled = true), resolve(value)),
    reject: (error) => !settled && ((settled = true), reject(error)),
  };
}

/**
 * The editions to prepare for a language, in order: the edition others point
 * at comes first, and is added (layout only, never written) when an edition
 * that points at it was asked for without it (`--edition trainer`).
 */
export function editionsToPrepare(config: BookConfig, editions: EditionConfig[]): { edition: EditionConfig; layoutOnly: boolean }[] {
  const sourceName = editions.some((e) => concordanceSourceFor(config, e)) ? config.concordance : undefined;
  const source = config.editions.find((e) => e.name === sourceName);
  if (!source) return editions.map((edition) => ({ edition, layoutOnly: false }));
  const asked = editions.includes(source);
  return [
    { edition: source, layoutOnly: !asked },
    ...editions.filter((e) => e !== source).map((edition) => ({ edition, layoutOnly: false })),
  ];
}
