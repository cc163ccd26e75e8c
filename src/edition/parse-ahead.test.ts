import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { BuildCache } from '../cache/build-cache.ts';
import { LanguageInputs, previousParts, recordEditionParts } from './parse-ahead.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-parse-ahead-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const write = (file: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
const course = { root, file: path.join(root, 'book.yaml') };
const cacheDir = path.join(root, '.coursebook-cache');
const previous = (): ReturnType<typeof previousParts> => previousParts(cacheDir, new LanguageInputs(course), ['fr', 'en'], ['participant']);
const ahead = (): string[] => previous().edited.map((e) => e.edition);

describe('which editions have their last parts parsed ahead', () => {
  it('those whose chapters, and nothing else, changed since their parts were recorded', () => {
    write('book.yaml', 'title: T\n');
    write('content/fr/01.md', 'Une phrase.\n');
    write('content/en/01.md', 'A sentence.\n');
    write('styles/course.css', 'p { margin: 0 }\n');
    expect(previous()).toEqual({ edited: [], unknown: 2 }); // never built: no record
    for (const lang of ['fr', 'en'])
      recordEditionParts(new BuildCache(cacheDir, ''), new LanguageInputs(course), lang, 'participant', [`${lang}-a`, `${lang}-b`]);
    expect(previous()).toEqual({ edited: [], unknown: 0 }); // nothing changed: reused whole, or up to date

    write('content/fr/01.md', 'Une phrase revue.\n');
    const { edited, unknown } = previous();
    expect(unknown).toBe(0);
    const [fr] = edited;
    expect(fr?.edition).toBe('fr/participant');
    expect(fr?.parts).toEqual([
      { key: 'fr-a', file: path.join(cacheDir, 'fr-a.pdf'), index: 0 },
      { key: 'fr-b', file: path.join(cacheDir, 'fr-b.pdf'), index: 1 },
    ]);
    expect(ahead()).toEqual(['fr/participant']);

    // A stylesheet changed as well: every part prints again, nothing is parsed ahead.
    write('styles/course.css', 'p { margin: 1pt }\n');
    expect(previous()).toEqual({ edited: [], unknown: 2 });
  });

  it("records a language's inputs as the build found them when it started: an edit saved during the build is one for the next", () => {
    write('content/fr/01.md', 'Une phrase.\n');
    const atStart = new LanguageInputs(course);
    const digest = atStart.of('fr');
    write('content/fr/01.md', 'Une phrase, sauvée pendant la construction.\n');
    expect(atStart.of('fr')).toEqual(digest);
    recordEditionParts(new BuildCache(cacheDir, ''), atStart, 'fr', 'participant', ['fr-c']);
    expect(ahead()).toContain('fr/participant');
  });
});
