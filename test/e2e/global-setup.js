/**
 * Builds the sample course (and a small course with bleed and crop marks)
 * once per test run through the real CLI; the end-to-end tests read the PDFs
 * back. Plain JavaScript: jest loads global setup outside its TypeScript
 * transform. Paths must agree with test/e2e/sample-paths.ts.
 * Unit tests alone: `npx jest --globalSetup='' src`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default function globalSetup() {
  const e2eDir = process.env.COURSEBOOK_E2E_DIR ?? path.join(os.tmpdir(), 'coursebook-e2e');
  fs.rmSync(e2eDir, { recursive: true, force: true });
  fs.mkdirSync(e2eDir, { recursive: true });
  const env = { ...process.env, SOURCE_DATE_EPOCH: '1767225600', CI: 'true' };
  const cli = path.join(projectRoot, 'bin/coursebook.js');
  // The CLI runs the JavaScript compiled from src/ (bin/coursebook.js): compile
  // first, so the end-to-end tests always exercise the sources under test.
  execFileSync(
    process.execPath,
    [path.join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', path.join(projectRoot, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
  // …and packed as `npm run compile` packs it (bin/coursebook.js runs the bundle when it is current).
  execFileSync(
    process.execPath,
    [path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), path.join(projectRoot, 'scripts/bundle-dist.ts')],
    {
      stdio: 'inherit',
    },
  );
  const started = Date.now();
  const run = (root, out) =>
    execFileSync(process.execPath, [cli, 'build', '--root', root, '--out', path.join(e2eDir, out)], { env, stdio: 'inherit' });
  run(projectRoot, 'sample');
  run(path.join(projectRoot, 'test/fixtures/bleed-course'), 'bleed');
  process.stderr.write(`\ne2e: sample and bleed courses built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.env.COURSEBOOK_E2E_DIR = e2eDir;
}
