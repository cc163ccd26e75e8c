/**
 * Peak memory and CPU time of a process tree (this node process and every
 * descendant, i.e. Chromium's browser, zygote, GPU, network and renderer
 * processes), sampled every 200 ms from /proc.
 *
 * The sampler runs in a worker thread: the build keeps the main thread busy
 * for seconds at a time (Markdown, pdf-lib), and a timer on the main thread
 * would not fire during those stretches — exactly when memory peaks.
 *
 * RSS is summed over processes as the brief asks; shared pages (Chromium's
 * binary, fonts, shared memory between renderer and browser) are counted once
 * per process, so the sum overstates what the tree really holds. PSS
 * (`/proc/<pid>/smaps_rollup`), which splits shared pages between their
 * users, is the fairer figure; reading it is costly, so it is read only at
 * samples where the RSS sum has grown by 2 % since its last reading (its peak
 * is then exact to about 2 %).
 *
 * CPU time of the descendants is the sum over every process seen of its last
 * sampled utime + stime (less what it had used when sampling began), so a
 * process that ends between two samples loses at most 200 ms of its time.
 */
import { Worker } from 'node:worker_threads';

export interface TreeSample {
  /** Highest sum of VmRSS over the tree, in MiB. */
  peakRssMb: number;
  /** Highest sum of Pss over the tree, in MiB (null where smaps_rollup is unreadable). */
  peakPssMb: number | null;
  /** Most processes seen in the tree at once. */
  maxProcesses: number;
  samples: number;
  /** How many of the samples also read PSS (only when RSS had grown). */
  pssReadings: number;
  /** CPU seconds used by the descendants (not the root process) while sampling. */
  descendantsCpuSeconds: number;
}

/** Plain JavaScript: evaluated by the worker without tsx's loader. */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { rootPid, intervalMs } = workerData;

function read(file) {
  try { return fs.readFileSync(file, 'utf8'); } catch { return null; }
}

let childrenFilesWork = null;
function childrenOf(pid) {
  if (childrenFilesWork !== false) {
    let tasks = [];
    try { tasks = fs.readdirSync('/proc/' + pid + '/task'); } catch { return []; }
    const out = [];
    let any = false;
    for (const tid of tasks) {
      const text = read('/proc/' + pid + '/task/' + tid + '/children');
      if (text === null) continue;
      any = true;
      for (const p of text.split(/\s+/)) if (p) out.push(Number(p));
    }
    if (any) { childrenFilesWork = true; return out; }
    if (childrenFilesWork === null) childrenFilesWork = false; // kernel without CONFIG_PROC_CHILDREN
  }
  return null;
}

/** Fallback: parent pids from /proc/<pid>/stat of every process. */
function parentMap() {
  const map = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read('/proc/' + name + '/stat');
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    if (!map.has(ppid)) map.set(ppid, []);
    map.get(ppid).push(Number(name));
  }
  return map;
}

function tree() {
  const pids = [rootPid];
  let byParent = null;
  for (let i = 0; i < pids.length; i++) {
    let kids = childrenOf(pids[i]);
    if (kids === null) {
      if (!byParent) byParent = parentMap();
      kids = byParent.get(pids[i]) || [];
    }
    for (const kid of kids) if (!pids.includes(kid)) pids.push(kid);
  }
  return pids;
}

function kb(text, key) {
  if (!text) return null;
  const match = new RegExp('^' + key + ':\\s+(\\d+) kB', 'm').exec(text);
  return match ? Number(match[1]) : null;
}

function cpuTicks(pid) {
  const stat = read('/proc/' + pid + '/stat');
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime
}

let peakRss = 0, peakPss = 0, pssReadable = true, maxProcesses = 0, samples = 0, pssReads = 0;
/** RSS sum at the last PSS reading: PSS is read again only once RSS has grown past it. */
let rssAtPssReading = 0;
const firstTicks = new Map(), lastTicks = new Map();
let firstSample = true;
function sample() {
  const pids = tree();
  let rss = 0;
  for (const pid of pids) {
    if (pid !== rootPid) {
      const ticks = cpuTicks(pid);
      if (ticks !== null) {
        // Processes already running when sampling starts count from there; later ones from their start.
        if (!firstTicks.has(pid)) firstTicks.set(pid, firstSample ? ticks : 0);
        lastTicks.set(pid, ticks);
      }
    }
    rss += kb(read('/proc/' + pid + '/status'), 'VmRSS') || 0;
  }
  // smaps_rollup walks every mapping of a process: about 30 ms of kernel time per
  // sample of Chromium's tree, which at every sample took 3-4 s of CPU from the
  // build being measured. PSS peaks where RSS peaks, so it is read only when the
  // RSS sum has grown by more than 2 % since the last reading.
  if (pssReadable && (rssAtPssReading === 0 || rss > rssAtPssReading * 1.02)) {
    rssAtPssReading = rss;
    pssReads++;
    let pss = 0;
    for (const pid of pids) {
      const value = kb(read('/proc/' + pid + '/smaps_rollup'), 'Pss');
      if (value === null && pid === rootPid) pssReadable = false;
      pss += value || 0;
    }
    peakPss = Math.max(peakPss, pss);
  }
  firstSample = false;
  samples++;
  maxProcesses = Math.max(maxProcesses, pids.length);
  peakRss = Math.max(peakRss, rss);
}

sample();
const timer = setInterval(sample, intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  sample();
  parentPort.postMessage({
    peakRssMb: peakRss / 1024,
    peakPssMb: pssReadable ? peakPss / 1024 : null,
    maxProcesses,
    samples,
    pssReadings: pssReads,
    descendantsCpuSeconds: [...lastTicks].reduce((sum, [pid, ticks]) => sum + ticks - firstTicks.get(pid), 0) / 100,
  });
});
`;

export class TreeSampler {
  private constructor(private readonly worker: Worker) {}

  /** Starts sampling the tree under `rootPid` (default: this process). Linux only. */
  static start(rootPid: number = process.pid, intervalMs = 200): TreeSampler {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { rootPid, intervalMs } });
    worker.unref();
    return new TreeSampler(worker);
  }

  async stop(): Promise<TreeSample> {
    const result = new Promise<TreeSample>((resolve, reject) => {
      this.worker.once('message', (peak: TreeSample) => resolve(peak));
      this.worker.once('error', reject);
    });
    this.worker.postMessage('stop');
    try {
      return await result;
    } finally {
      await this.worker.terminate();
    }
  }
}
