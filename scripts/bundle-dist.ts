/**
 * `npm run compile`, second step: the command's JavaScript in dist/ (compiled
 * by tsc) packed by esbuild into a few files in dist/bundle/, which
 * bin/coursebook.js runs when they are newer than dist/. A new process then
 * loads a handful of files instead of some 500 modules (node's loader
 * resolves, reads and compiles each): importing the CLI, the build and the
 * print service took 126–136 ms instead of 282–305 ms (docs/performance.md).
 * Lazy imports stay lazy (code splitting). Packages that read their own
 * files or ship binaries stay outside.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const outdir = `${dist}bundle`;
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  // The command, and the assembly worker's thread entry, which assembly-thread.ts starts by its file name next to it.
  entryPoints: { main: `${dist}cli/main.js`, 'assembly-worker': `${dist}assemble/assembly-worker.js` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Chunks beside the entries: a module's import.meta.url then names the folder of assembly-worker.js.
  chunkNames: '[name]-[hash]',
  external: [
    '@sparticuz/chromium',
    'pdfjs-dist',
    '@napi-rs/canvas',
    'pandoc-wasm',
    'highlight.js',
    'temml',
    'hyphen',
    '@fontsource/*',
    // WebAssembly modules found next to their package's files
    'subset-font',
    'harfbuzzjs',
    'fontverter',
    'wawoff2',
    // proxy-agent's PAC interpreter, used only behind a PAC-configured proxy
    '@tootallnate/quickjs-emscripten',
  ],
  // Bundled CommonJS packages call require(): given one, as node gives a CommonJS module.
  banner: {
    js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);",
  },
  logLevel: 'warning',
});
