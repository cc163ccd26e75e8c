/**
 * Runs editions' assembly (edition-assembly.ts) on one worker thread, so that
 * the main thread stays free to answer the print browser's requests, collect
 * finished prints and prepare the next edition meanwhile. Printed documents
 * are handed over (their buffers transferred, not copied) as they arrive; the
 * book comes back the same way.
 *
 * One worker serves every edition of the process, and stays (idle, not
 * keeping the process alive) for the next build: loading and warming up
 * pdf-lib in a thread costs about as much CPU as assembling a small edition,
 * so a worker per edition, or per build of `coursebook dev`, cost more than
 * it saved on two cores (docs/print-design.md).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AssembledEdition, AssemblyEvents, AssemblyInputs, AssemblyRequest } from './edition-assembly.ts';
import { transferable, type FromWorker, type ToWorker } from './assembly-messages.ts';

const here = import.meta.url;

/**
 * The worker's old generation is capped at 1 GB, 16 times what a 500-page
 * edition keeps alive in it (pdf-lib's objects of one book, ~60 MB). Below a
 * 2 GB cap V8 lets the heap grow less between full collections (up to 1.6
 * times what survived the last one at 1 GB, against 4 times under the
 * default cap of a machine with 16 GB or more) and keeps a smaller young
 * generation. An edition's parsed parts all survive until its book is saved,
 * so the default let the worker's heap reach three times its live objects:
 * the cap took ~80 MB off the build's peak for ~0.4 s more CPU
 * (docs/performance.md). A book too large for it fails with a message
 * naming the way out (assembly on the main thread, which has no such cap).
 */
const WORKER_OLD_GENERATION_MB = 1024;

/**
 * The worker runs the compiled entry next to this module (dist/). From the
 * TypeScript sources (jest, tsx), the worker thread compiles them with tsx,
 * as the main thread's loader does not reach other threads.
 */
function startWorker(): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB };
  if (!here.endsWith('.ts')) return new Worker(new URL('./assembly-worker.js', here), { resourceLimits });
  // tsx's ESM entry (the CommonJS one registers nothing usable from an ES module).
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(here).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./assembly-worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`, {
    eval: true,
    resourceLimits,
  });
}

interface Pending {
  events: AssemblyEvents;
  resolve: (edition: AssembledEdition) => void;
  reject: (error: Error) => void;
}

let worker: Worker | null = null;
let nextJob = 1;
const pending = new Map<number, Pending>();

function theWorker(): Worker {
  if (worker) return worker;
  const started = startWorker();
  // A crashed worker fails the jobs it had; the next job starts another.
  const lost = (cause: Error): void => {
    if (worker === started) worker = null;
    const error =
      (cause as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new Error(
            `the book is too large for the assembly worker's ${WORKER_OLD_GENERATION_MB} MB heap: set COURSEBOOK_ASSEMBLY_THREAD=main to assemble it on the main thread`,
            { cause },
          )
        : cause;
    for (const [id, job] of pending) {
      pending.delete(id);
      job.reject(error);
    }
  };
  started.on('error', lost);
  started.on('exit', (code) => lost(new Error(`the assembly worker stopped (exit code ${code}) before the book was assembled`)));
  started.on('message', (message: FromWorker) => {
    const job = pending.get(message.job);
    if (!job) return;
    if (message.type === 'planned') job.events.planned(message.pageCount);
    else if (message.type === 'probes') job.events.probes(message.probes);
    else if (message.type === 'probeSet')
      job.events.probeSet(message.key).then(
        (parts) => started.postMessage({ job: message.job, type: 'knownParts', parts } satisfies ToWorker),
        // The cache could not be read: the parts are read and searched as if nothing were known.
        () => started.postMessage({ job: message.job, type: 'knownParts', parts: [] } satisfies ToWorker),
      );
    else if (message.type === 'letters') job.events.letters(message.index, message.text);
    else if (message.type === 'hits') job.events.hits(message.index, message.hits);
    else if (message.type === 'untaggedMarks') job.events.untaggedMarks(message.index, message.marks);
    else if (message.type === 'fonts') job.events.fonts(message.records);
    else {
      pending.delete(message.job);
      if (pending.size === 0) started.unref();
      if (message.type === 'done') job.resolve(message.edition);
      else
        job.reject(Object.assign(new Error(message.message), { name: message.name, ...(message.stack ? { stack: message.stack } : {}) }));
    }
  });
  return (worker = started);
}

/**
 * Has the worker parse ahead the printed parts an edition will likely reuse
 * (parsed-ahead.ts), while the build prepares it. Starts the worker if need
 * be, which keeps the process alive only while it has jobs.
 */
export function parseAheadOnWorker(edition: string, parts: { key: string; file: string; index: number }[]): void {
  const thread = theWorker();
  if (pending.size === 0) thread.unref();
  thread.postMessage({ job: 0, type: 'parseAhead', edition, parts } satisfies ToWorker);
}

/**
 * Starts the worker ahead of its first job: loading its modules (pdf-lib,
 * fontkit: a few tenths of a second) then overlaps the build's preparation
 * and the browser's launch instead of following them. An idle worker does
 * not keep the process alive.
 */
export function warmUpAssemblyWorker(): void {
  const thread = theWorker();
  if (pending.size === 0) thread.unref();
}

export function assembleOnWorker(request: AssemblyRequest, inputs: AssemblyInputs, events: AssemblyEvents): Promise<AssembledEdition> {
  const thread = theWorker();
  const job = nextJob++;
  const send = (message: ToWorker, transfer: ArrayBuffer[] = []): void => thread.postMessage(message, transfer);
  return new Promise<AssembledEdition>((resolve, reject) => {
    // The worker keeps the process alive only while it has work.
    thread.ref();
    pending.set(job, { events, resolve, reject });
    const fail = (error: Error): void => {
      if (!pending.delete(job)) return;
      if (pending.size === 0) thread.unref();
      send({ job, type: 'cancel' });
      reject(error);
    };
    // Hands an input over as it arrives; an input that fails (a document that cannot be printed, whichever
    // part it is), or a hand-over that throws, fails the assembly at once.
    const handOver = <T>(input: Promise<T>, forward: (value: T) => void): void => {
      input.then(forward).catch(fail);
    };
    send({ job, type: 'start', request, parts: inputs.parts.length, layouts: inputs.layouts.length });
    inputs.parts.forEach((part, index) =>
      handOver(part, (p) => {
        const { bytes, buffer } = transferable(p.bytes);
        send({ job, type: 'part', index, ...p, bytes }, [buffer]);
      }),
    );
    handOver(inputs.furniture, (pdf) => {
      const { bytes, buffer } = transferable(pdf);
      send({ job, type: 'furniture', bytes }, [buffer]);
    });
    inputs.layouts.forEach((layout, index) => handOver(layout, (l) => send({ job, type: 'layout', index, layout: l })));
  });
}
