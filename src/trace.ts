/** Timestamps since the process started, for profiling a build. */
// From the process's start, in every thread alike (the assembly runs on a worker thread).
const traceStart = Date.now() - process.uptime() * 1000;
/** COURSEBOOK_TRACE=1 logs when each phase of each output ends (for profiling). */
export function trace(event: string): void {
  if (process.env.COURSEBOOK_TRACE) process.stderr.write(`[${((Date.now() - traceStart) / 1000).toFixed(2)} s] ${event}\n`);
}
