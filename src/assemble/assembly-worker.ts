/**
 * Entry of the assembly worker thread (assembly-thread.ts): it runs
 * `assembleEdition` for each job (an edition) the main thread starts, on the
 * printed documents as they arrive, and sends back the book and its findings.
 * Jobs run side by side: one waits for its next part while another is merged.
 */
import { parentPort } from 'node:worker_threads';
import type { SourceLayout } from '../edition/concordance.ts';
import { assembleEdition, type PrintedPart } from './edition-assembly.ts';
import { transferable, type FromWorker, type ToWorker } from './assembly-messages.ts';
import { itemAt } from '../item-at.ts';
import { parseAhead } from './parsed-ahead.ts';
import type { KnownPart, ProbeRecord } from '../report/leak-guard/leak-records.ts';
import type { UntaggedMarks } from './untagged-artifacts.ts';
import type { FontRecords } from './shared-fontkit.ts';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined); // a cancelled job's inputs may never be awaited
  return { promise, resolve, reject };
}

interface Job {
  parts: Deferred<PrintedPart>[];
  furniture: Deferred<Uint8Array>;
  layouts: Deferred<SourceLayout>[];
  /** What the main thread answers about the parts once the probe set is known. */
  knownParts: Deferred<KnownPart[]>;
}

if (!parentPort) throw new Error('assembly-worker.ts runs on a worker thread: assembly-thread.ts starts it');
const port = parentPort;
const jobs = new Map<number, Job>();

function start(id: number, message: Extract<ToWorker, { type: 'start' }>): void {
  const job: Job = {
    parts: Array.from({ length: message.parts }, () => deferred<PrintedPart>()),
    furniture: deferred<Uint8Array>(),
    layouts: Array.from({ length: message.layouts }, () => deferred<SourceLayout>()),
    knownParts: deferred<KnownPart[]>(),
  };
  jobs.set(id, job);
  const send = (reply: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(reply, transfer);
  const inputs = { parts: job.parts.map((d) => d.promise), furniture: job.furniture.promise, layouts: job.layouts.map((d) => d.promise) };
  const events = {
    planned: (pageCount: number) => send({ job: id, type: 'planned', pageCount }),
    probes: (probes: ProbeRecord) => send({ job: id, type: 'probes', probes }),
    probeSet: (key: string) => {
      send({ job: id, type: 'probeSet', key });
      return job.knownParts.promise;
    },
    letters: (index: number, text: string) => send({ job: id, type: 'letters', index, text }),
    hits: (index: number, hits: number[]) => send({ job: id, type: 'hits', index, hits }),
    untaggedMarks: (index: number, marks: UntaggedMarks) => send({ job: id, type: 'untaggedMarks', index, marks }),
    fonts: (records: FontRecords) => send({ job: id, type: 'fonts', records }),
  };
  assembleEdition(message.request, inputs, events)
    .then(
      (edition) => {
        const { bytes, buffer } = transferable(edition.bytes);
        send({ job: id, type: 'done', edition: { ...edition, bytes } }, [buffer]);
      },
      (error: Error) =>
        send({ job: id, type: 'failed', name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) }),
    )
    .finally(() => jobs.delete(id));
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') return start(message.job, message);
  if (message.type === 'parseAhead') return parseAhead(message.edition, message.parts);
  const job = jobs.get(message.job);
  if (!job) return;
  if (message.type === 'part') {
    const { bytes, key, untaggedMarks } = message;
    itemAt(job.parts, message.index).resolve({ bytes, key, untaggedMarks });
  } else if (message.type === 'furniture') job.furniture.resolve(message.bytes);
  else if (message.type === 'layout') itemAt(job.layouts, message.index).resolve(message.layout);
  else if (message.type === 'knownParts') job.knownParts.resolve(message.parts);
  else {
    const cancelled = new Error('assembly cancelled');
    for (const input of [...job.parts, job.furniture, ...job.layouts, job.knownParts]) input.reject(cancelled);
  }
});
