/**
 * `coursebook dev` latency: the preview server runs on the benchmark's course
 * (fr participant); one sentence is added to one chapter and saved, and the
 * time until the served interior is the rebuilt one is taken (the server's
 * version goes up as soon as the new PDF is served), each save made once the
 * server is idle again (the previous version's changed pages found). Three saves, median
 * reported; the served PDF is then read back and must hold every new sentence.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDevServer } from '../src/dev/dev-server.ts';
import type { GeneratedCourse } from './generate-course.ts';
import { checkSentence } from './verify.ts';
import { readPdf } from '../test/helpers/read-pdf.ts';

const SAVES = 3;

export async function measureDevLatency(
  course: GeneratedCourse,
  chapters: number,
  say: (line: string) => void,
): Promise<{ seconds: number; note: string }> {
  const server = await startDevServer({ root: course.root, lang: 'fr', edition: 'participant', port: 0 });
  try {
    const status = async (): Promise<{ version: number; error: unknown; busy: boolean }> =>
      (await fetch(new URL('status.json', server.url))).json() as Promise<{ version: number; error: unknown; busy: boolean }>;
    // Each save is made on an idle server: after the previous version was served and its changed pages found.
    const waitUntilIdle = async (): Promise<void> => {
      while ((await status()).busy) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const waitForVersion = async (above: number, timeoutMs: number): Promise<number> => {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const now = await status();
        if (now.error) throw new Error(`the preview build failed: ${JSON.stringify(now.error).slice(0, 300)}`);
        if (now.version > above) return now.version;
        if (performance.now() > deadline) throw new Error(`no new version within ${timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    let version = await waitForVersion(0, 10 * 60_000);
    say(`  dev server up at ${server.url}, first preview built`);
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the generated course has `chapters` French files
    const file = course.files.fr[Math.max(0, Math.round((chapters * 2) / 3) - 1)]!;
    const sentences: string[] = [];
    const times: number[] = [];
    for (let save = 1; save <= SAVES; save++) {
      await waitUntilIdle();
      const sentence = `Cette phrase numéro ${save} sert à mesurer le délai de la prévisualisation.`;
      sentences.push(sentence);
      const started = performance.now();
      fs.appendFileSync(file, `\n${sentence}\n`);
      version = await waitForVersion(version, 60_000);
      const seconds = (performance.now() - started) / 1000;
      times.push(seconds);
      say(`  save ${save}: served after ${seconds.toFixed(2)} s`);
    }
    const served = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-bench-dev-')), 'served.pdf');
    fs.writeFileSync(served, Buffer.from(await (await fetch(new URL('fr/participant.pdf', server.url))).arrayBuffer()));
    const book = await readPdf(served);
    fs.rmSync(path.dirname(served), { recursive: true, force: true });
    const missing = sentences.filter((s) => !checkSentence(book, s, '\u0000never').ok);
    if (missing.length) throw new Error(`the served interior lacks ${missing.length} of the ${SAVES} saved sentences`);
    const sorted = [...times].sort((a, b) => a - b);
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- SAVES saves were timed above
    const median = sorted[Math.floor(sorted.length / 2)]!;
    return {
      seconds: median,
      note: `dev preview: ${SAVES} saves of one added sentence in ${path.basename(file)}, served after ${times.map((t) => `${t.toFixed(2)} s`).join(', ')} (median ${median.toFixed(2)} s); every sentence found in the served PDF`,
    };
  } finally {
    await server.close();
  }
}
