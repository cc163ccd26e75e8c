/**
 * CPU time of the prepare stage alone (content → markdown → layout) for every
 * language × edition of a course, without a browser: `tsx bench/prepare-cpu.ts
 * COURSE_ROOT [--digest]`. Each run is a fresh process, as a build is (the
 * parse memo and the text-run caches start empty). With --digest it prints a
 * hash of everything prepared, to check that a change leaves the output alone.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { loadBookConfig } from '../src/config/load-config.ts';
import { DiagnosticBag } from '../src/diagnostics/diagnostic.ts';
import { prepareJobs } from '../src/edition/prepare-jobs.ts';
import { loadTemplates } from '../src/layout/templates.ts';
import { BUILTIN_TEMPLATES } from '../src/project-paths.ts';

const root = path.resolve(process.argv[2] ?? '.');
const bag = new DiagnosticBag();
const config = loadBookConfig(root, bag);
if (!config) throw new Error(bag.items.map((d) => d.message).join('\n'));
const own = path.join(root, 'templates');
const templates = loadTemplates(
  path.resolve(own) === path.resolve(BUILTIN_TEMPLATES) ? [BUILTIN_TEMPLATES] : [own, BUILTIN_TEMPLATES],
  root,
  bag,
);
if (!templates) throw new Error('templates');
const buildDate = new Date(Date.UTC(2026, 0, 1));
const digest = createHash('sha256');
const withDigest = process.argv.includes('--digest');
/** CPU seconds of each edition's prepareEdition, `lang/edition`. */
const perEdition: Record<string, number> = {};

const start = process.cpuUsage();
const wallStart = performance.now();
// The build's own prepare stage (edition/prepare-jobs.ts); each step's CPU is charged to the edition it
// yields (a language's first edition also carries loading its chapters and preparing its handouts).
let before = process.cpuUsage();
for await (const job of prepareJobs(config, config.languages, config.editions, templates, buildDate, bag)) {
  const used = process.cpuUsage(before);
  const seconds = Number(((used.user + used.system) / 1e6).toFixed(3));
  if ('handouts' in job) {
    perEdition[`${job.handouts.lang}/handouts`] = seconds;
    if (withDigest) digest.update(JSON.stringify(job.handouts, (_k, v: unknown) => (v instanceof Map ? [...v] : v)));
  } else {
    perEdition[`${job.prepared.lang}/${job.prepared.edition.name}`] = seconds;
    // Serializing for the digest is not part of preparing: left out of the time unless asked for.
    if (withDigest) digest.update(JSON.stringify(job.prepared));
  }
  before = process.cpuUsage();
}
const cpu = process.cpuUsage(start);
const seconds = (cpu.user + cpu.system) / 1e6;
const result = {
  cpuSeconds: Number(seconds.toFixed(3)),
  wallSeconds: Number(((performance.now() - wallStart) / 1000).toFixed(3)),
  diagnostics: bag.items.length,
};
Object.assign(result, { perEdition });
if (withDigest) Object.assign(result, { digest: digest.update(JSON.stringify(bag.items)).digest('hex') });
console.log(JSON.stringify(result));
