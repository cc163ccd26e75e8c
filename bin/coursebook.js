#!/usr/bin/env node
// Runs the CLI compiled to dist/ by `npm ci` (the `prepare` script): no
// TypeScript loader at start-up. After editing src/, `npm run compile`
// (npm test does it first) brings dist/ up to date. dist/bundle/ packs the
// same code into a few files (scripts/bundle-dist.ts), which a new process
// loads in half the time: it runs when it is at least as new as dist/.
import { existsSync, statSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const bundled = new URL('../dist/bundle/main.js', import.meta.url);
const modified = (url) => (existsSync(url) ? statSync(url).mtimeMs : -1);
const entry = modified(bundled) >= modified(compiled) && existsSync(bundled) ? bundled : compiled;
if (!existsSync(entry)) {
  process.stderr.write('coursebook: dist/ is missing; run `npm run compile` (or `npm ci`) in the coursebook folder first.\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
