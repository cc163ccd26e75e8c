/**
 * The fenced-div names a course may use: coursebook's own blocks, the names
 * its editions include, and book.yaml's `blocks:` (aliases such as
 * `instructor: trainer`, callouts of the course's own). Every stage asks this
 * catalog, so an alias behaves exactly like the block it names.
 */
import { didYouMean } from '../diagnostics/did-you-mean.ts';
import { ALWAYS_SHOWN_DIVS, DIV_NAMES, OPT_IN_DIVS } from '../config/div-names.ts';
import type { BookConfig, EditionConfig } from '../config/types.ts';

/** Name of a fenced div written with attributes only (`::: {lang=en}`): a plain container. */
export const PLAIN_DIV = '';

export class BlockCatalog {
  private readonly conditional: Set<string>;

  constructor(private readonly config: BookConfig) {
    this.conditional = new Set(config.editions.flatMap((e) => e.includes));
  }

  /** The block a written name stands for (aliases followed), or null when nothing knows it. */
  resolve(written: string): string | null {
    const name = written.toLowerCase();
    const declared = this.config.blocks[name];
    if (declared?.kind === 'alias') return declared.target;
    if (declared || name === PLAIN_DIV || this.conditional.has(name) || (DIV_NAMES as readonly string[]).includes(name)) return name;
    return null;
  }

  /** Whether `edition` shows a block written `written`; unknown names are hidden (and reported elsewhere). */
  visibility(edition: EditionConfig): (written: string) => boolean {
    return (written) => {
      const name = this.resolve(written);
      if (name === null) return false;
      const declared = this.config.blocks[name];
      if (declared?.kind === 'callout') return declared.editions === null || declared.editions.includes(edition.name);
      return (
        name === PLAIN_DIV ||
        ALWAYS_SHOWN_DIVS.includes(name) ||
        edition.includes.includes(name) ||
        (!this.conditional.has(name) && !OPT_IN_DIVS.includes(name) && (DIV_NAMES as readonly string[]).includes(name))
      );
    };
  }

  /** The title a course's own callout prints in `lang`, if it declared one. */
  label(name: string, lang: string): string | null {
    const declared = this.config.blocks[name];
    if (declared?.kind !== 'callout') return null;
    return declared.label[lang] ?? declared.label[lang.replace(/-.*/s, '')] ?? declared.label['*'] ?? null;
  }

  /** Every name an author may write. */
  names(): string[] {
    return [...new Set([...DIV_NAMES, ...this.conditional, ...Object.keys(this.config.blocks)])].sort();
  }

  /** The known name closest to a misspelt one, if it is close enough to be meant. */
  suggest(written: string): string | null {
    return didYouMean(written, this.names()) ?? null;
  }
}
