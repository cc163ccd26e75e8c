/**
 * All four outputs (2 languages × 2 editions, interiors and covers), each
 * time from an empty output folder and cache:
 * - once in a fresh process (fresh-build.ts): the peak memory of the table,
 *   which is what a user's `coursebook build` takes;
 * - `--repeat` times in the size's own process (the times of the table),
 *   after the one-edition, floor, incremental and dev-preview phases: their
 *   heap is still there, so the memory of these runs is noted as "after the
 *   other phases in one process", not as a build's.
 */
import path from 'node:path';
import type { BuildResult } from '../src/build.ts';
import type { GeneratedCourse } from './generate-course.ts';
import type { BenchTools } from './incremental.ts';
import { freshProcessBuild } from './fresh-build.ts';
import type { TreeSample } from './process-tree.ts';
import { runsNote, median, type Row } from './results-markdown.ts';

interface SampledBuild {
  seconds: number;
  result: BuildResult;
  tree: TreeSample | null;
}

export interface AllOutputsSetup<T extends SampledBuild> extends BenchTools<T> {
  repeat: number;
  /** Longest a build may take, in ms. */
  limitMs: number;
  /** Empties the course's build cache. */
  clearCache: () => void;
}

/** Measures all outputs; returns the last in-process build (the incremental one starts from its outputs and cache). */
export async function benchAllOutputs<T extends SampledBuild>(
  row: Row,
  course: GeneratedCourse,
  work: string,
  setup: AllOutputsSetup<T>,
): Promise<T | undefined> {
  const fresh = await setup.step('all outputs, fresh process', async () => {
    setup.clearCache();
    const outDir = path.join(work, 'out-all-fresh');
    const built = await freshProcessBuild(course.root, outDir, setup.limitMs);
    setup.say(`  done in ${built.seconds.toFixed(1)} s, peak RSS ${built.tree.peakRssMb.toFixed(0)} MB`);
    return built;
  });
  if (fresh) {
    row.memory = fresh.tree;
    const node = fresh.nodeCpu === null ? '?' : fresh.nodeCpu.toFixed(1);
    const ran =
      fresh.command === 'dist' ? '`node bin/coursebook.js build` (dist/)' : '`bench/build-once.ts` through tsx (dist/ was older than src/)';
    row.notes.push(
      `all outputs in a fresh process, ${ran}: ${fresh.seconds.toFixed(1)} s; CPU ${node} s in node, ${fresh.tree.descendantsCpuSeconds.toFixed(1)} s in Chromium; ${memoryNote(fresh.tree)}`,
    );
  }

  const outAll = path.join(work, 'out-all');
  const alls: T[] = [];
  for (let run = 1; run <= setup.repeat; run++) {
    const of = setup.repeat > 1 ? ` (${run}/${setup.repeat})` : '';
    const built = await setup.step(`all outputs${of}`, () => setup.freshBuild(outAll));
    if (!built) break;
    alls.push(built);
    setup.note(`all outputs${of}`, built);
  }
  if (alls.length) {
    row.all = median(alls.map((b) => b.seconds));
    if (setup.repeat > 1) row.notes.push(`all outputs: ${runsNote(alls.map((b) => b.seconds))}`);
  }
  const peaks = alls.map((b) => b.tree).filter((t): t is TreeSample => t !== null);
  if (peaks.length) {
    const highest = peaks.reduce((a, b) => (b.peakRssMb > a.peakRssMb ? b : a));
    row.notes.push(`all outputs after the other phases in one process (the run with the highest peak): ${memoryNote(highest)}`);
  }
  return alls.at(-1);
}

function memoryNote(tree: TreeSample): string {
  const pss = tree.peakPssMb === null ? '' : `, peak PSS ${tree.peakPssMb.toFixed(0)} MB`;
  return `peak RSS ${tree.peakRssMb.toFixed(0)} MB${pss} (${tree.samples} samples, ${tree.pssReadings} reading PSS, up to ${tree.maxProcesses} processes)`;
}
