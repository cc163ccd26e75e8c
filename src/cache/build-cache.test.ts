import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { BuildCache, pruneUnused, referencedFiles } from './build-cache.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-cache-keys-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const full = path.join(dir, name);
  fs.writeFileSync(full, text);
  return full;
};

/** A print key as a new build computes it (each build has its own BuildCache; what is remembered across builds is per process). */
const keyOf = (html: string): string => new BuildCache(null, 'salt').key(html, { tagged: true });

describe('print keys across builds of one process', () => {
  const font = file('face.woff', 'font version 1');
  const css = file('book.css', `@font-face { src: url(${pathToFileURL(font).href}); }`);
  const html = `<link rel="stylesheet" href="${pathToFileURL(css).href}"><p>Chapitre</p>`;

  it('gives the same key while the document and the files it loads are the same', () => {
    expect(keyOf(html)).toBe(keyOf(html));
    expect(referencedFiles(html)).toEqual([css, font].sort());
  });

  it('changes when a file a stylesheet loads is rewritten, even with the same size', () => {
    const before = keyOf(html);
    fs.writeFileSync(font, 'font version 2');
    expect(keyOf(html)).not.toBe(before);
  });

  it('follows a stylesheet that now loads another file', () => {
    const other = file('other.woff', 'another face');
    const before = keyOf(html);
    fs.writeFileSync(css, `@font-face { src: url(${pathToFileURL(other).href}); }`);
    expect(referencedFiles(html)).toEqual([css, other].sort());
    expect(keyOf(html)).not.toBe(before);
  });

  it('changes when a file goes missing', () => {
    const image = file('figure.png', 'png bytes');
    const withImage = `<img src="${pathToFileURL(image).href}">`;
    const before = keyOf(withImage);
    fs.rmSync(image);
    expect(keyOf(withImage)).not.toBe(before);
  });
});

describe('pruneUnused', () => {
  it('removes the unused files but the newest `keep`, and never a used one', () => {
    const folder = fs.mkdtempSync(path.join(dir, 'prune-'));
    const names = ['old.pdf', 'older.pdf', 'newest.pdf', 'used.pdf'];
    names.forEach((name, age) => {
      fs.writeFileSync(path.join(folder, name), name);
      const time = new Date(Date.UTC(2026, 0, 1) + (name === 'newest.pdf' ? 10 : -age) * 60_000);
      fs.utimesSync(path.join(folder, name), time, time);
    });
    pruneUnused(folder, (f) => f !== 'used.pdf', 1);
    expect(fs.readdirSync(folder).sort()).toEqual(['newest.pdf', 'used.pdf']);
    pruneUnused(path.join(folder, 'absent'), () => true, 0); // no folder, nothing to do
  });
});
