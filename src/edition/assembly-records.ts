/**
 * What the assembly worker computes from unchanged inputs, kept in the build
 * cache (cache-entries.ts) so that a later build, in this process or a new
 * one, reuses it: the leak-guard probes chosen for the edition's text, the
 * probes found in each printed part with that probe set, each part's letters
 * (for another probe set), what marking its untagged painting did, and the
 * folio fonts' layouts and subset. Each record is filed under the key of what
 * it is a function of (the part's print key, the text's or the probe set's
 * key, the font files, the code's digest), so an edited input finds no record
 * and is computed again.
 */
import { createHash } from 'node:crypto';
import type { BuildCache } from '../cache/build-cache.ts';
import {
  FONT_RECORDS,
  LEAK_PROBES,
  leakHits,
  partUntaggedMarks,
  readRecord,
  writeRecord,
  type RecordKind,
} from '../cache/cache-entries.ts';
import type { FontRecords } from '../assemble/shared-fontkit.ts';
import type { FolioFontFiles } from '../assemble/folio-fonts.ts';
import type { AssemblyEvents } from '../assemble/edition-assembly.ts';
import type { UntaggedMarks } from '../assemble/untagged-artifacts.ts';
import { editionTextKey, PART_LETTERS, type KnownPart, type ProbeRecord } from '../report/leak-guard/leak-records.ts';
import type { EditionText } from '../report/leak-guard/edition-text.ts';
import { codeDigest } from '../inputs-digest.ts';
import { itemAt } from '../item-at.ts';

export class AssemblyRecords {
  private readonly textKey: string;
  private readonly fontsKey: string;
  private readonly marks = partUntaggedMarks(codeDigest());
  /** The hits' record kind, once the worker has named its probe set. */
  private hits: RecordKind<number[]> | null = null;

  constructor(
    private readonly cache: BuildCache,
    text: EditionText,
    /** The print key of each part, in order. */
    private readonly keys: string[],
    folioFonts: FolioFontFiles,
  ) {
    this.textKey = editionTextKey(text, codeDigest());
    // The fonts' contents are in the records (each font's digest): a key of their places is enough to find them.
    this.fontsKey = createHash('sha256')
      .update(`folio fonts ${codeDigest()} ${JSON.stringify(folioFonts)}`)
      .digest('hex');
  }

  /** The folio fonts' layouts and subset, as earlier builds made them, or null. */
  fonts(): FontRecords | null {
    return readRecord(this.cache, FONT_RECORDS, this.fontsKey);
  }

  /** The probes an earlier build chose for this text, or null. */
  probes(): ProbeRecord | null {
    return readRecord(this.cache, LEAK_PROBES, this.textKey);
  }

  /** What marking the untagged painting of printed part `index` did in an earlier build, or null. */
  untaggedMarks(index: number): UntaggedMarks | null {
    return readRecord(this.cache, this.marks, itemAt(this.keys, index));
  }

  /** What earlier builds found of each part with the probe set `probeSetKey`: its hits, else its letters. */
  knownParts(probeSetKey: string): KnownPart[] {
    const hits = leakHits(createHash('sha256').update(`${codeDigest()} ${probeSetKey}`).digest('hex'));
    this.hits = hits;
    return this.keys.map((key) => {
      const found = readRecord(this.cache, hits, key);
      return { hits: found, letters: found === null ? readRecord(this.cache, PART_LETTERS, key) : null };
    });
  }

  /** The assembly's findings about parts and probes, written to the cache as they come. */
  writers(): Omit<AssemblyEvents, 'planned'> {
    const { cache } = this;
    const keyOf = (index: number): string => itemAt(this.keys, index);
    return {
      probes: (probes) => writeRecord(cache, LEAK_PROBES, this.textKey, probes),
      probeSet: (key) => Promise.resolve().then(() => this.knownParts(key)),
      letters: (index, text) => writeRecord(cache, PART_LETTERS, keyOf(index), text),
      hits: (index, hits) => {
        if (this.hits) writeRecord(cache, this.hits, keyOf(index), hits);
      },
      untaggedMarks: (index, marks) => writeRecord(cache, this.marks, keyOf(index), marks),
      fonts: (records) => writeRecord(cache, FONT_RECORDS, this.fontsKey, records),
    };
  }
}
