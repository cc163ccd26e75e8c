import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { BuildCache } from '../cache/build-cache.ts';
import { AssemblyRecords } from './assembly-records.ts';
import type { EditionText } from '../report/leak-guard/edition-text.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-assembly-records-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const text = (shown: string): EditionText => ({
  hidden: [
    { file: 'content/fr/01.md', line: 3, what: '"::: trainer" block', text: 'Les formateurs rappellent la caution solidaire du groupe' },
  ],
  shown,
});
const fonts = { latin: '/fonts/folio.woff' };
/** Each build has its own cache object on the same folder, as a new process would. */
const records = (shown: string, keys: string[]): AssemblyRecords =>
  new AssemblyRecords(new BuildCache(dir, 'salt'), text(shown), keys, fonts);
const marks = { clean: [0, 2], rewritten: [{ page: 1, stream: 0, bytes: new Uint8Array([120, 156, 3, 0, 0, 0, 0, 1]) }] };

describe('what the assembly keeps for later builds', () => {
  it('gives a later build what an earlier one found for the same inputs', async () => {
    const first = records('Le chapitre montre le calcul.', ['part-a', 'part-b']).writers();
    first.probes([[0, 'lesformateursrappellentlacaution']]);
    await first.probeSet('probe-set-1');
    first.hits(0, [0]);
    first.letters(1, 'letters of part b');
    first.hits(1, []);
    first.untaggedMarks(1, marks);
    first.fonts({ layouts: { font: { '12': [[20, [49]]] } }, subsets: {} });

    const later = records('Le chapitre montre le calcul.', ['part-a', 'part-b']);
    expect(later.probes()).toEqual([[0, 'lesformateursrappellentlacaution']]);
    expect(later.knownParts('probe-set-1')).toEqual([
      { hits: [0], letters: null },
      { hits: [], letters: null },
    ]);
    expect(later.untaggedMarks(1)).toEqual(marks);
    expect(later.untaggedMarks(0)).toBeNull();
    expect(later.fonts()).toEqual({ layouts: { font: { '12': [[20, [49]]] } }, subsets: {} });
  });

  it('computes again what an edited input changes: the probes of another text, the hits of another probe set, the records of another print', () => {
    // Visible text edited: the probes are chosen again (they are a function of the whole text).
    expect(records('Le chapitre montre un autre calcul.', ['part-a', 'part-b']).probes()).toBeNull();
    // Another probe set: each part is searched again, in the letters an earlier build read when it has them.
    expect(records('Le chapitre montre le calcul.', ['part-a', 'part-b']).knownParts('probe-set-2')).toEqual([
      { hits: null, letters: null },
      { hits: null, letters: 'letters of part b' },
    ]);
    // Part b printed again (another print key): nothing is known of it.
    const reprinted = records('Le chapitre montre le calcul.', ['part-a', 'part-b2']);
    expect(reprinted.knownParts('probe-set-1')).toEqual([
      { hits: [0], letters: null },
      { hits: null, letters: null },
    ]);
    expect(reprinted.untaggedMarks(1)).toBeNull();
    // Other folio font files: their layouts are laid out again.
    expect(new AssemblyRecords(new BuildCache(dir, 'salt'), text('x'), [], { latin: '/fonts/other.woff' }).fonts()).toBeNull();
  });

  it('counts a damaged record as none', () => {
    const name = fs.readdirSync(path.join(dir, 'derived')).find((file) => file.startsWith('part-b.untagged-'));
    expect(name).toBeDefined();
    fs.writeFileSync(path.join(dir, 'derived', name ?? ''), '{"clean": [0, ');
    expect(records('Le chapitre montre le calcul.', ['part-a', 'part-b']).untaggedMarks(1)).toBeNull();
  });
});
