/**
 * `tsx bench/build-once.ts ROOT OUT`: every output of the course at ROOT built
 * into OUT, from the sources, in this process and nothing else — what
 * fresh-build.ts runs when dist/ is older than the sources.
 */
import { build } from '../src/build.ts';

const [root, outDir] = process.argv.slice(2);
if (!root || !outDir) throw new Error('usage: tsx bench/build-once.ts ROOT OUT');
await build({ root, outDir, once: true, log: (line) => process.stderr.write(`${line}\n`) });
