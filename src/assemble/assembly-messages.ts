/** What the build's main thread and the assembly worker (assembly-worker.ts) say to each other, per job (an edition). */
import type { SourceLayout } from '../edition/concordance.ts';
import type { AssembledEdition, AssemblyRequest, PrintedPart } from './edition-assembly.ts';
import type { KnownPart, ProbeRecord } from '../report/leak-guard/leak-records.ts';
import type { UntaggedMarks } from './untagged-artifacts.ts';
import type { FontRecords } from './shared-fontkit.ts';

export type ToWorker = { job: number } & (
  | { type: 'start'; request: AssemblyRequest; parts: number; layouts: number }
  | ({ type: 'part'; index: number } & PrintedPart)
  | { type: 'furniture'; bytes: Uint8Array }
  | { type: 'layout'; index: number; layout: SourceLayout }
  /** The answer to `probeSet`: what earlier builds found of each part with that probe set. */
  | { type: 'knownParts'; parts: KnownPart[] }
  /** Printed parts (by print key, in the build cache) an edition will likely reuse: to parse ahead (parsed-ahead.ts); no job. */
  | { type: 'parseAhead'; edition: string; parts: { key: string; file: string; index: number }[] }
  /** An input failed on the main thread: the job is dropped. */
  | { type: 'cancel' }
);

export type FromWorker = { job: number } & (
  | { type: 'planned'; pageCount: number }
  | { type: 'probes'; probes: ProbeRecord }
  | { type: 'probeSet'; key: string }
  | { type: 'letters'; index: number; text: string }
  | { type: 'hits'; index: number; hits: number[] }
  | { type: 'untaggedMarks'; index: number; marks: UntaggedMarks }
  | { type: 'fonts'; records: FontRecords }
  | { type: 'done'; edition: AssembledEdition }
  | { type: 'failed'; name: string; message: string; stack?: string }
);

/**
 * The buffer to transfer for bytes a sender gives away: theirs when they span
 * it whole (printed PDFs, saved books), else a copy of just those bytes.
 */
export function transferable(bytes: Uint8Array): { bytes: Uint8Array; buffer: ArrayBuffer } {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const own = whole ? bytes : bytes.slice();
  return { bytes: own, buffer: own.buffer as ArrayBuffer };
}
