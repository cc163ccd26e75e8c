/**
 * The "did you mean" of every diagnostic about a misspelt name (book.yaml keys,
 * front-matter keys, fenced-div names), so that all of them forgive the same
 * slips: case, `-` against `_`, and a few letters — up to two, or a third of a
 * long name, where a shorter allowance would miss `exercice` for `exercise`
 * but a longer one would offer unrelated short words.
 */
import { closest, distance } from 'fastest-levenshtein';

/** How names are compared: case and the separators `-`/`_` do not count. */
function comparable(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/** The candidate a misspelt `written` most likely meant, or undefined when none is close enough. */
export function didYouMean(written: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const forms = candidates.map(comparable);
  const target = comparable(written);
  const guess = closest(target, forms);
  const allowed = Math.max(2, Math.floor(guess.length / 3));
  return distance(target, guess) <= allowed ? candidates[forms.indexOf(guess)] : undefined;
}
