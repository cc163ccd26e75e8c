/** Where the end-to-end run keeps the PDFs it built once for all tests (set by global-setup.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const E2E_DIR = process.env.COURSEBOOK_E2E_DIR ?? path.join(os.tmpdir(), 'coursebook-e2e');
export const SAMPLE_OUT = path.join(E2E_DIR, 'sample');
export const BLEED_OUT = path.join(E2E_DIR, 'bleed');
export const PROJECT_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const BLEED_COURSE = path.join(PROJECT_ROOT, 'test/fixtures/bleed-course');
/** Fixed so every run builds byte-identical PDFs. */
export const SOURCE_DATE_EPOCH = '1767225600';

/** Every PDF the shared build wrote (sample and bleed course), in a stable order. */
export function sampleOutputs(): string[] {
  const under = (dir: string): string[] =>
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.pdf'))
      .sort()
      .map((name) => path.join(dir, name));
  return [...under(SAMPLE_OUT), ...under(BLEED_OUT)];
}
