import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testBookConfig } from '../../test/helpers/book-config.ts';
import { testChapter } from '../../test/helpers/chapter.ts';
import type { BookConfig, EditionConfig } from '../config/types.ts';
import type { Chapter } from '../content/types.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { memoizedParse } from '../edition/parse-memo.ts';
import { BUILTIN_LOCALES_DIR, loadLocale } from '../layout/locale.ts';
import { parseChapter } from '../markdown/parse-chapter.ts';
import { renderChapterBody } from '../markdown/render-chapter.ts';
import { textTransformsFor } from '../markdown/text-transform.ts';
import type { ParsedChapter } from '../markdown/types.ts';
import { ParsedChapterStore } from './parsed-chapters.ts';

let root: string;
let config: BookConfig;
let trainer: EditionConfig;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-parsed-chapters-'));
  fs.mkdirSync(path.join(root, 'content/fr'), { recursive: true });
  config = testBookConfig(root);
  const found = config.editions.find((e) => e.name === 'trainer');
  if (!found) throw new Error('no trainer edition in the test configuration');
  trainer = found;
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A chapter with what a parse records: sections, a figure and a table to number, an exercise with its answer, a footnote, a span, hyphenation. */
function chapter(extra = ''): Chapter {
  const body = [
    '## Le cycle du crédit {#sec:cycle}',
    '',
    `Une institution de microfinance accorde des prêts remboursables (voir @fig:cycle et @sec:cycle).[^1] ${extra}`,
    '',
    '![Le cycle du crédit](data:image/png;base64,iVBORw0KGgo=){#fig:cycle}',
    '',
    '::: exercise',
    'Quel est le taux effectif d’un prêt de [100 000 francs]{.term} ?',
    ':::',
    '',
    '::: answer',
    'Le taux effectif tient compte des frais et de l’épargne obligatoire.',
    ':::',
    '',
    '[^1]: Les conditions varient selon les institutions.',
    '',
  ].join('\n');
  return testChapter({ root, lang: 'fr', name: '01-credit.md', title: 'Le crédit', body });
}

function parse(source: Chapter, bag: DiagnosticBag): ParsedChapter {
  return parseChapter(source, 1, { config, edition: trainer, bag, transformsFor: textTransformsFor });
}

function render(parsed: ParsedChapter): string {
  const locale = loadLocale('fr', [BUILTIN_LOCALES_DIR], new DiagnosticBag(), root);
  const refs = new Map(parsed.targets.map((target) => [target.key, target]));
  return renderChapterBody(parsed, { refs, t: locale.t, bag: new DiagnosticBag(), edition: trainer.name, answered: new Set() });
}

describe('ParsedChapterStore', () => {
  it('gives a later process the parse a build kept: the same tokens, targets and diagnostics, rendering the same HTML', () => {
    const cacheDir = path.join(root, 'cache-round-trip');
    const source = chapter();
    const own = new DiagnosticBag();
    const parsed = parse(source, own);
    const writer = new ParsedChapterStore(cacheDir);
    writer.keep('memo key', { parsed, diagnostics: own.items });
    expect(fs.existsSync(path.join(cacheDir, 'parsed'))).toBe(false); // nothing written before flush()
    writer.flush();
    expect(fs.readdirSync(path.join(cacheDir, 'parsed'))).toHaveLength(1);

    // Another store over the same folder, as the next `coursebook build` has; the chapter is read again (a new object).
    const again = chapter();
    const entry = new ParsedChapterStore(cacheDir).get('memo key', again);
    if (!entry) throw new Error('the kept parse was not found');
    expect(entry.parsed.chapter).toBe(again);
    expect(entry.parsed).toEqual({ ...parsed, chapter: again });
    expect(entry.diagnostics).toEqual(own.items);
    expect(parsed.targets.map((t) => t.kind)).toEqual(['chapter', 'section', 'figure', 'exercise']);
    expect(parsed.answers).toHaveLength(1);
    expect(render(entry.parsed)).toBe(render(parsed));
    expect(new ParsedChapterStore(cacheDir).get('another key', again)).toBeNull();
  });

  it('parses a changed chapter again, and keeps both parses apart', () => {
    const cacheDir = path.join(root, 'cache-changes');
    const store = new ParsedChapterStore(cacheDir);
    let runs = 0;
    const throughMemo = (source: Chapter): ParsedChapter => {
      const context = { config, edition: trainer, courseFiles: '', bag: new DiagnosticBag(), store };
      return memoizedParse(source, 1, context, (own) => {
        runs++;
        return parse(source, own);
      });
    };
    const first = throughMemo(chapter());
    store.flush();
    const dir = path.join(cacheDir, 'parsed');
    const [firstFile] = fs.readdirSync(dir);
    expect(runs).toBe(1);

    const changed = throughMemo(chapter('Une phrase ajoutée.'));
    store.flush();
    expect(runs).toBe(2);
    expect(JSON.stringify(changed.tokens)).toContain('Une phrase ajout');
    expect(JSON.stringify(first.tokens)).not.toContain('Une phrase ajout');
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(2);
    expect(files).toContain(firstFile);
  });

  it('parses again an entry it cannot read', () => {
    const cacheDir = path.join(root, 'cache-damaged');
    const bag = new DiagnosticBag();
    const writer = new ParsedChapterStore(cacheDir);
    writer.keep('memo key', { parsed: parse(chapter(), bag), diagnostics: [] });
    writer.flush();
    const dir = path.join(cacheDir, 'parsed');
    const [file] = fs.readdirSync(dir);
    if (!file) throw new Error('no entry was written');
    // A copy cut short, a disk that filled up: nothing is found, and the chapter is parsed as if new.
    fs.writeFileSync(path.join(dir, file), 'not a serialized parse');
    expect(new ParsedChapterStore(cacheDir).get('memo key', chapter())).toBeNull();
  });

  it('reads and writes nothing without a cache folder', () => {
    const store = new ParsedChapterStore(null);
    const bag = new DiagnosticBag();
    store.keep('key', { parsed: parse(chapter(), bag), diagnostics: [] });
    store.flush();
    expect(store.get('key', chapter())).toBeNull();
  });
});
