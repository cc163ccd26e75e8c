/**
 * Handouts: `::: handout Title` blocks hold what a trainer prints and hands
 * out separately (case studies, role cards, forms). They are numbered per
 * chapter ("Handout 3.2"), printed into `output/<lang>/handouts.pdf`, one
 * handout per document so each starts on a new page and carries its own
 * number in the running head (templates/handout.hbs, edition/handouts-job.ts), and listed in the
 * session plan of their chapter. An edition shows them inline only if its
 * `includes` names `handout`; otherwise an edition that shows trainer blocks
 * prints a reference line in their place ("Handout 3.2, page 4", the page
 * of handouts.pdf, stamped after printing like the concordance), and any
 * other edition nothing. Hidden handouts are hidden blocks for the leak guard.
 */
import type { Chapter } from '../content/types.ts';
import type { EditionConfig } from '../config/types.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { flattenDivs, scanFencedDivs } from '../markdown/fenced-divs.ts';
import { escapeHtml } from '../markdown/sanitize-html.ts';
import type { Translate } from '../markdown/types.ts';
import type { ConcordanceSlot } from './concordance.ts';

export const HANDOUT_DIV = 'handout';
/** Prefix of the self-links where a handout's page in handouts.pdf is stamped. */
export const HANDOUT_SLOT_PREFIX = 'cbho--';

export interface Handout {
  /** Stable id: `handout-<chapter file stem>-<n>`. */
  id: string;
  /** "3.2": chapter number in the course, then the handout's rank in its chapter. */
  number: string;
  title: string;
  chapter: Chapter;
  /** The Markdown inside the block, and the file line where it starts. */
  markdown: string;
  firstLine: number;
  /** 0-based indexes of the block's opening and closing lines in the chapter body. */
  openIndex: number;
  closeIndex: number;
}

/** Every handout of the course in a language, in chapter order (chapters numbered as in the course). */
export function collectHandouts(chapters: Chapter[]): Handout[] {
  const handouts: Handout[] = [];
  chapters.forEach((chapter, index) => {
    const lines = chapter.body.split('\n');
    // Diagnostics about the divs themselves are reported when the chapter is parsed.
    const divs = flattenDivs(scanFencedDivs(chapter.body, chapter.bodyStartLine, chapter.relPath, new DiagnosticBag()));
    let rank = 0;
    for (const div of divs) {
      if (div.name !== HANDOUT_DIV || div.closeIndex < 0) continue;
      rank++;
      handouts.push({
        id: `handout-${chapter.name.replace(/\.md$/, '').replace(/[^A-Za-z0-9_-]+/g, '-')}-${rank}`,
        number: `${index + 1}.${rank}`,
        title: div.title,
        chapter,
        markdown: lines.slice(div.openIndex + 1, div.closeIndex).join('\n'),
        firstLine: chapter.bodyStartLine + div.openIndex + 1,
        openIndex: div.openIndex,
        closeIndex: div.closeIndex,
      });
    }
  });
  return handouts;
}

/** Whether an edition shows handouts in full (`includes: [handout]`), a reference line, or nothing. */
export function handoutDisplay(edition: EditionConfig): 'inline' | 'reference' | 'none' {
  if (edition.includes.includes(HANDOUT_DIV)) return 'inline';
  return edition.includes.includes('trainer') ? 'reference' : 'none';
}

const PLACEHOLDER = /<div class="cb-handout-ref" data-handout="([^"]+)"><\/div>/g;

/**
 * The chapter as an edition with reference lines reads it: each handout block
 * becomes a placeholder line (the other lines blank, so line numbers stay
 * right), replaced once rendered by `handoutReferences`.
 */
export function withHandoutPlaceholders(chapter: Chapter, handouts: Handout[]): Chapter {
  const own = handouts.filter((h) => h.chapter === chapter);
  if (own.length === 0) return chapter;
  const lines = chapter.body.split('\n');
  for (const handout of own) {
    for (let i = handout.openIndex; i <= handout.closeIndex; i++) lines[i] = '';
    lines[handout.openIndex] = `<div class="cb-handout-ref" data-handout="${handout.id}"></div>`;
  }
  return { ...chapter, body: lines.join('\n') };
}

/** "Handout 3.2 — Title, page N" in place of each placeholder; the page is a slot of handouts.pdf. */
export function handoutReferences(html: string, handouts: Handout[], slots: Map<string, ConcordanceSlot>, t: Translate): string {
  return html.replace(PLACEHOLDER, (_whole, id: string) => {
    const handout = handouts.find((h) => h.id === id);
    return handout ? handoutReference(handout, slots, t, 'cb-handout-ref') : '';
  });
}

function handoutReference(handout: Handout, slots: Map<string, ConcordanceSlot>, t: Translate, className: string): string {
  const slotId = `${HANDOUT_SLOT_PREFIX}${slots.size + 1}`;
  slots.set(slotId, { key: handout.id, kind: 'page' });
  const words = t('trainertools.handoutRef', { number: `${handout.number}\u0001`, page: '\u0000' });
  const [before = '', after = ''] = escapeHtml(words).split('\u0000');
  const title = handout.title ? ` — ${escapeHtml(handout.title)}` : '';
  return `<p class="${className}">${before.replace('\u0001', title)}<a class="cb-pageref cb-concordance-slot" id="${slotId}" href="#${slotId}">\u2007</a>${after.replace('\u0001', title)}</p>\n`;
}

/** The session plan's list of the chapter's handouts, each with its page in handouts.pdf. */
export function sessionHandouts(chapter: Chapter, handouts: Handout[], slots: Map<string, ConcordanceSlot>, t: Translate): string | null {
  const own = handouts.filter((h) => h.chapter.name === chapter.name);
  if (own.length === 0) return null;
  const items = own.map((h) => handoutReference(h, slots, t, 'cb-session-handout')).join('');
  return `<p class="session-plan-label">${escapeHtml(t('trainertools.sessionHandouts'))}</p>\n${items}`;
}

/**
 * An edition that shows handouts inline (`includes: [handout]`) titles each
 * "Handout 3.2 — Title", as handouts.pdf does. Handouts are matched in
 * order within their chapter.
 */
export function numberInlineHandouts(html: string, chapter: Chapter, handouts: Handout[], label: string): string {
  const own = handouts.filter((h) => h.chapter.name === chapter.name);
  let rank = 0;
  return html.replace(
    /(<aside class="callout callout-handout"[^>]*>)(<p class="callout-title">)?/g,
    (whole, open: string, title?: string) => {
      const handout = own[rank++];
      if (!handout) return whole;
      const number = `${escapeHtml(label)} ${handout.number}`;
      return title ? `${open}${title}${number} — ` : `${open}<p class="callout-title">${number}</p>\n`;
    },
  );
}
