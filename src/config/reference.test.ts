import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { frontMatterSchema } from '../content/front-matter-schema.ts';
import { referenceRows, renderReference } from './reference.ts';
import { bookSchema } from './schema.ts';

const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/configuration.md');

describe('docs/configuration.md', () => {
  it('is what the schemas give (else run `npm run docs:config` and commit the result)', () => {
    const onDisk = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '';
    const state =
      onDisk === renderReference() ? 'up to date' : 'docs/configuration.md is out of date with the schemas: run `npm run docs:config`';
    expect(state).toBe('up to date');
  });
});

describe('referenceRows', () => {
  it('lists every key of book.yaml, nested ones by their dotted path, with type, default and allowed values', () => {
    const rows = referenceRows(bookSchema);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    for (const key of Object.keys(bookSchema.properties)) expect(byKey.has(key)).toBe(true);
    expect(byKey.get('title')).toMatchObject({ type: 'text', default: 'required', allowed: 'not empty' });
    expect(byKey.get('page.margins.top')).toMatchObject({ default: '`22mm`', type: expect.stringContaining('length') });
    expect(byKey.get('print.target')?.allowed).toBe('`office`, `offset`, `lulu`, `kdp`, `ingramspark`');
    expect(byKey.get('toc.depth')).toMatchObject({ type: 'whole number', default: '`2`', allowed: '1 to 3' });
    expect(byKey.get('editions')?.default).toBe('`[participant, trainer]`');
    expect(byKey.get('editions[].name')?.default).toBe('required');
    expect(byKey.get('translations.<lang>.title')?.description).toBe('the title in this language');
    expect(byKey.get('blocks.<name>.label.<lang>')?.allowed).toBe('key: a language code: fr, en, ar, fr-CA');
    // Every key has a description, so the page explains each one.
    expect(rows.filter((r) => r.description === '').map((r) => r.key)).toEqual([]);
  });

  it("lists the front-matter keys in the schema's order", () => {
    expect(referenceRows(frontMatterSchema).map((r) => r.key)).toEqual(Object.keys(frontMatterSchema.properties));
  });
});
