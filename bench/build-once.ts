/**
 * `tsx bench/build-once.ts ROOT OUT [LANG EDITION]`: every output of the course
 * at ROOT (or one language's edition) built into OUT, from the sources, in this
 * process and nothing else — what fresh-build.ts runs when dist/ is older than
 * the sources.
 */
import { build } from '../src/build.ts';
import { rememberTexts } from '../src/text-memo.ts';

const [root, outDir, lang, edition] = process.argv.slice(2);
if (!root || !outDir) throw new Error('usage: tsx bench/build-once.ts ROOT OUT [LANG EDITION]');
// As `coursebook build` does (cli/build-command.ts): a process that builds once remembers no texts.
rememberTexts(false);
await build({
  root,
  outDir,
  once: true,
  ...(lang && edition ? { langs: [lang], editions: [edition] } : {}),
  log: (line) =>
    process.stderr.write(`${line}
`),
});
