#!/usr/bin/env node
// Runs the CLI compiled to dist/ by `npm ci` (the `prepare` script): no
// TypeScript loader at start-up. After editing src/, `npm run compile`
// (npm test does it first) brings dist/ up to date.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('coursebook: dist/ is missing; run `npm run compile` (or `npm ci`) in the coursebook folder first.\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
