/**
 * pdf-lib's `doc.save(SAVE_OPTIONS)` against write-pdf.ts `savePdf` on a built
 * interior: same bytes, then the time and garbage-collector time of each,
 * alternating, several rounds. Not part of `npm run bench`:
 *   npx tsx bench/save-pdf.ts OUT/fr/participant.pdf [rounds]
 * (run with `node --expose-gc --import tsx` to collect between rounds), or the
 * first call of one way in a new process (not yet optimized by V8):
 *   npx tsx bench/save-pdf.ts OUT/fr/participant.pdf --cold savePdf
 */
import fs from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { PDFDocument, ParseSpeeds } from 'pdf-lib';
import '../src/assemble/pdf-lib-pools.ts';
import { SAVE_OPTIONS } from '../src/assemble/assemble-interior.ts';
import { savePdf } from '../src/assemble/write-pdf.ts';

const [file, roundsArg, coldWay] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/save-pdf.ts FILE.pdf [rounds | --cold pdf-lib|savePdf]');
const rounds = roundsArg === '--cold' ? 0 : Number(roundsArg ?? 8);
const doc = await PDFDocument.load(fs.readFileSync(file), { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });
const collect = (globalThis as { gc?: () => void }).gc;

const ways = { 'pdf-lib save': () => doc.save(SAVE_OPTIONS), savePdf: () => savePdf(doc) };
if (roundsArg === '--cold') {
  const start = performance.now();
  await (coldWay === 'savePdf' ? ways.savePdf() : ways['pdf-lib save']());
  console.log(`${coldWay ?? 'pdf-lib'} first call: ${(performance.now() - start).toFixed(1)} ms`);
  process.exit(0);
}
const first = Buffer.from(await ways['pdf-lib save']());
const second = Buffer.from(await ways.savePdf());
if (!first.equals(second)) throw new Error('savePdf wrote other bytes than pdf-lib');
console.log(`${file}: ${doc.context.enumerateIndirectObjects().length} objects, ${first.length} bytes, identical`);

const times: Record<string, { ms: number[]; gc: number[] }> = {};
for (let round = 0; round < rounds; round++) {
  for (const [name, save] of Object.entries(ways)) {
    collect?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    gcMs = 0;
    const start = performance.now();
    await save();
    const ms = performance.now() - start;
    // GC entries are delivered asynchronously: let them arrive.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const row = (times[name] ??= { ms: [], gc: [] });
    row.ms.push(ms);
    row.gc.push(gcMs);
  }
}
for (const [name, row] of Object.entries(times)) console.log(name, row.ms.map((v) => v.toFixed(0)).join(' '));
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
for (const [name, row] of Object.entries(times)) {
  console.log(
    `${name.padEnd(13)} median ${median(row.ms).toFixed(1)} ms (min ${Math.min(...row.ms).toFixed(1)}), GC during it median ${median(row.gc).toFixed(1)} ms`,
  );
}
