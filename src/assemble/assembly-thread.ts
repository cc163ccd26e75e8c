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
 * The worker runs the compiled entry next to this module (dist/). From the
 * TypeScript sources (jest, tsx), the worker thread compiles them with tsx,
 * as the main thread's loader does not reach other threads.
 */
function startWorker(): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL('./assembly-worker.js', here));
  // tsx's ESM entry (the CommonJS one registers nothing usable from an ES module).
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(here).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./assembly-worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`, {
    eval: true,
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
  const lost = (error: Error): void => {
    if (worker === started) worker = null;
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
    else if (message.type === 'letters') job.events.letters(message.index, message.text);
    else if (message.type === 'cleanPages') job.events.cleanPages(message.index, message.pages);
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
        send({ job, type: 'part', index, bytes, key: p.key, letters: p.letters, cleanPages: p.cleanPages }, [buffer]);
      }),
    );
    handOver(inputs.furniture, (pdf) => {
      const { bytes, buffer } = transferable(pdf);
      send({ job, type: 'furniture', bytes }, [buffer]);
    });
    inputs.layouts.forEach((layout, index) => handOver(layout, (l) => send({ job, type: 'layout', index, layout: l })));
  });
}
