/**
 * Exercises and their answers point at each other: the answer key's entry
 * names its exercise (number, title, page), and each exercise of an edition
 * that has an answer key says on which page its answer is. Both are links
 * with page slots filled after printing, like every other "page N".
 */
import { escapeHtml } from './sanitize-html.ts';
import { pageSlot } from './render-chapter.ts';
import type { Translate } from './types.ts';

/** The answer key entry of an exercise (its page anchor is `pg--answer-of-<exercise id>`). */
export function answerEntryId(exerciseHtmlId: string): string {
  return `answer-of-${exerciseHtmlId}`;
}

/** "Answer on page N", linked to the exercise's entry in the answer key. */
export function answerReference(exerciseHtmlId: string, t: Translate): string {
  const id = answerEntryId(exerciseHtmlId);
  const template = escapeHtml(t('trainertools.answerSee', { page: '\u0000P' }));
  const [before, after = ''] = template.split('\u0000P');
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- split returns at least one part
  return `<p class="cb-answer-ref"><a class="cb-answer-link" href="#${id}">${before!.trimEnd()}</a> ${pageSlot(id)}${after}</p>\n`;
}
