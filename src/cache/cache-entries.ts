/**
 * Every kind of record the build cache keeps beside a PDF: the type of what it
 * holds and the suffix that names its file (`derived/<key><suffix>`). The
 * suffixes are the ones earlier builds wrote, so an existing cache stays valid.
 */
import type { SourceLayout } from '../edition/concordance.ts';
import type { Violation } from '../preflight/types.ts';
import type { RequestProblem } from '../print/request-problems.ts';
import type { BuildCache } from './build-cache.ts';
import { createRequire } from 'node:module';
import type { FontRecords } from '../assemble/shared-fontkit.ts';
import type { RewrittenStream, UntaggedMarks } from '../assemble/untagged-artifacts.ts';

const FONTKIT_VERSION = (createRequire(import.meta.url)('@pdf-lib/fontkit/package.json') as { version: string }).version;

export interface RecordKind<T> {
  /** Appended to the PDF's key to name the record. */
  suffix: string;
  encode(value: T): string;
  decode(text: string): T;
}

function jsonRecord<T>(suffix: string): RecordKind<T> {
  return { suffix, encode: (value) => JSON.stringify(value), decode: (text) => JSON.parse(text) as T };
}

function textRecord(suffix: string): RecordKind<string> {
  return { suffix, encode: (value) => value, decode: (text) => text };
}

/** A record, or null when there is none or it cannot be read (a damaged file is as good as none: the value is computed again). */
export function readRecord<T>(cache: BuildCache, kind: RecordKind<T>, key: string): T | null {
  const text = cache.getDerived(`${key}${kind.suffix}`);
  if (text === null) return null;
  try {
    return kind.decode(text);
  } catch {
    return null;
  }
}

export function writeRecord<T>(cache: BuildCache, kind: RecordKind<T>, key: string, value: T): void {
  cache.putDerived(`${key}${kind.suffix}`, kind.encode(value));
}

/**
 * Under a printed document's key: the requests the browser refused or failed
 * while printing it, so that a build reusing the print warns as the first did.
 */
export const REQUEST_PROBLEMS = jsonRecord<RequestProblem[]>('.requests.json');

/**
 * Under a digest of a language and edition (edition/parse-ahead.ts): the
 * print keys of the parts its last assembly used, and a digest of the
 * language's inputs then.
 */
export const EDITION_PARTS = jsonRecord<{ inputs: { content: string; shared: string }; keys: string[] }>('.edition-parts-2');

/** What assembling an interior found besides its bytes (the bytes are the PDF under the same assembly key). */
export interface AssembledInteriorFacts {
  pages: number;
  slotOverflows: number;
  watermarkSkipped: boolean;
  colorUnconverted: string[];
  /** Where the concordance's items are, for an edition other editions point at. */
  sourceLayout?: SourceLayout;
  /** Preflight findings, with the options (JSON) they were found for. */
  preflight?: { options: string; found: Violation[] };
}

export const ASSEMBLED_INTERIOR_FACTS = jsonRecord<AssembledInteriorFacts>('.json');

/**
 * Under a printed part's key: its text as the leak guard searches it. The
 * reader's version is in the suffix, so a changed reader reads the part again.
 */
export function partLetters(readerVersion: number): RecordKind<string> {
  return textRecord(`.letters-${readerVersion}`);
}

/**
 * Under an edition text's key (report/leak-guard/edition-guard.ts
 * `editionTextKey`, which digests the text and the code): the leak-guard
 * probes chosen for it, as passage index and letters.
 */
export const LEAK_PROBES = jsonRecord<[number, string][]>('.leak-probes');

/**
 * Under a printed part's key: the probes (their indices) the leak guard found
 * in it with one probe set; `searchKey` (a digest of the probe set's key and
 * the code that searched) starts the suffix.
 */
export function leakHits(searchKey: string): RecordKind<number[]> {
  return jsonRecord(`.leak-hits-${searchKey.slice(0, 16)}`);
}

/**
 * Under a digest of the folio font files' places (edition/assembly-records.ts):
 * the layouts and subsets made with them (assemble/shared-fontkit.ts), by
 * font digest; fontkit's version is in the suffix, as it makes them.
 */
export const FONT_RECORDS = jsonRecord<FontRecords>(`.font-records-fontkit-${FONTKIT_VERSION}`);

/**
 * Under a printed part's key: what marking its untagged painting did
 * (assemble/untagged-artifacts.ts): the pages that needed nothing, and the
 * content streams rewritten on the others, as written (deflated). The code's
 * digest is in the suffix, like an assembled interior's key: a change in how
 * painting is told apart must not reuse what the old code found.
 */
export function partUntaggedMarks(codeDigest: string): RecordKind<UntaggedMarks> {
  return {
    suffix: `.untagged-${codeDigest.slice(0, 16)}`,
    encode: (marks) =>
      JSON.stringify({
        clean: marks.clean,
        rewritten: marks.rewritten.map((stream) => ({ ...stream, bytes: Buffer.from(stream.bytes).toString('base64') })),
      }),
    decode: (text) => {
      const json = JSON.parse(text) as { clean: number[]; rewritten: (Omit<RewrittenStream, 'bytes'> & { bytes: string })[] };
      return {
        clean: json.clean,
        rewritten: json.rewritten.map((stream) => ({ ...stream, bytes: new Uint8Array(Buffer.from(stream.bytes, 'base64')) })),
      };
    },
  };
}
