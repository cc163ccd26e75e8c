/**
 * Modules loaded on demand, one after the other. The build loads its PDF
 * modules only where a book needs them, and two editions may ask at once;
 * jest's module loader (which runs the sources in tests) fails on
 * concurrent imports sharing a dependency, so they wait for each other.
 */
let queue: Promise<unknown> = Promise.resolve();

export function importInTurn<T>(load: () => Promise<T>): Promise<T> {
  const next = queue.then(load, load);
  queue = next.catch(() => undefined);
  return next;
}
