/**
 * After an edit, most printed parts of an edition are those of its previous
 * build. Each assembled edition records its parts' print keys with a digest
 * of the inputs of its language; the next build, as soon as it starts, has
 * the assembly worker parse those parts from the cache (assemble/parsed-ahead.ts)
 * while it prepares the edition, for an edition whose chapters changed and
 * nothing else (one whose chapters did not is reused whole from the cache,
 * or up to date; after an edit of a template or style, every part prints
 * again, and parsing them ahead would be work thrown away).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BuildCache } from '../cache/build-cache.ts';
import { EDITION_PARTS, readRecord, writeRecord } from '../cache/cache-entries.ts';
import { inputsDigest } from '../inputs-digest.ts';
import { parseAheadOnWorker } from '../assemble/assembly-thread.ts';
import { sha256 } from '../report/manifest.ts';

/** Where an edition's parts are recorded: one record per language and edition of the course. */
const recordKey = (lang: string, edition: string): string => sha256(`parts of ${lang}/${edition}`);

/**
 * What the parts of one language's editions are printed from: its chapters
 * (`content`), and what every part depends on (`shared`: the course's
 * templates, styles, locales and book.yaml); digested once per build and
 * language, when the build starts (reading and hashing them again when the
 * edition's parts are recorded cost the main thread some 25 ms just before
 * the edited part prints).
 */
export class LanguageInputs {
  private readonly digests = new Map<string, { content: string; shared: string }>();

  constructor(private readonly course: { root: string; file: string }) {}

  of(lang: string): { content: string; shared: string } {
    let digest = this.digests.get(lang);
    if (!digest) {
      const { root, file } = this.course;
      digest = {
        content: inputsDigest({ content: path.join(root, 'content', lang) }, lang),
        shared: inputsDigest(
          { templates: path.join(root, 'templates'), styles: path.join(root, 'styles'), locales: path.join(root, 'locales') },
          fs.readFileSync(file, 'utf8'),
        ),
      };
      this.digests.set(lang, digest);
    }
    return digest;
  }
}

/** Records the print keys of the parts an edition was assembled from, with the digest of its language's inputs. */
export function recordEditionParts(cache: BuildCache, inputs: LanguageInputs, lang: string, edition: string, keys: string[]): void {
  writeRecord(cache, EDITION_PARTS, recordKey(lang, edition), { inputs: inputs.of(lang), keys });
}

/**
 * Starts parsing the recorded parts of each requested edition whose chapters,
 * and nothing else, changed since it was recorded; returns how many editions
 * that is, and how many of the others have no record to go by (a first
 * build, or their templates or styles changed: they likely print every
 * part). Only a head start: nothing here can fail the build (an unreadable
 * record or course file means no head start).
 */
export function parseAheadPreviousParts(
  cacheDir: string,
  inputs: LanguageInputs,
  langs: string[],
  editions: string[],
): { edited: number; unknown: number } {
  const none = { edited: 0, unknown: langs.length * editions.length };
  // The assembly on the main thread (COURSEBOOK_ASSEMBLY_THREAD=main) has no other thread to parse on.
  if (process.env.COURSEBOOK_ASSEMBLY_THREAD === 'main') return none;
  try {
    const { edited, unknown } = previousParts(cacheDir, inputs, langs, editions);
    for (const { edition, parts } of edited) parseAheadOnWorker(edition, parts);
    return { edited: edited.length, unknown };
  } catch {
    return none; // no head start
  }
}

export interface EditedEdition {
  edition: string;
  parts: { key: string; file: string; index: number }[];
}

/**
 * The recorded parts of each requested edition whose chapters, and nothing
 * else, changed since (`edited`); how many other editions have no record or
 * had a template, style, locale or book.yaml change (`unknown`).
 */
export function previousParts(
  cacheDir: string,
  inputs: LanguageInputs,
  langs: string[],
  editions: string[],
): { edited: EditedEdition[]; unknown: number } {
  const cache = new BuildCache(cacheDir, '');
  const edited = [];
  let unknown = 0;
  for (const lang of langs) {
    for (const edition of editions) {
      const recorded = readRecord(cache, EDITION_PARTS, recordKey(lang, edition));
      if (!recorded?.inputs || !Array.isArray(recorded.keys)) {
        unknown++;
        continue;
      }
      const now = inputs.of(lang);
      // Chapters unchanged: the edition is reused whole (or up to date). A template, style, locale
      // or book.yaml changed: every part likely prints again. Only an edit of chapters leaves most parts.
      if (recorded.inputs.shared !== now.shared) unknown++;
      if (recorded.inputs.content === now.content || recorded.inputs.shared !== now.shared) continue;
      const parts = recorded.keys.map((key, index) => ({ key, file: path.join(cacheDir, `${key}.pdf`), index }));
      edited.push({ edition: `${lang}/${edition}`, parts });
    }
  }
  return { edited, unknown };
}
