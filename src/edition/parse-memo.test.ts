import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testBookConfig } from '../../test/helpers/book-config.ts';
import { testChapter } from '../../test/helpers/chapter.ts';
import type { BookConfig, EditionConfig } from '../config/types.ts';
import type { Chapter } from '../content/types.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { parseChapter } from '../markdown/parse-chapter.ts';
import { textTransformsFor } from '../markdown/text-transform.ts';
import type { ParsedChapter } from '../markdown/types.ts';
import { forgetParses, memoizedParse } from './parse-memo.ts';

let root: string;
let config: BookConfig;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-parse-memo-'));
  fs.mkdirSync(path.join(root, 'content/en'), { recursive: true });
  config = testBookConfig(root);
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function edition(name: string): EditionConfig {
  const found = config.editions.find((e) => e.name === name);
  if (!found) throw new Error(`no edition ${name} in the test configuration`);
  return found;
}

function chapter(body: string): Chapter {
  return testChapter({ root, lang: 'en', name: '01-intro.md', title: 'Intro', body });
}

/** Parses through the memo for an edition; counts the parses actually run. */
function parseFor(source: Chapter, editionName: string, runs: { count: number }): { parsed: ParsedChapter; bag: DiagnosticBag } {
  const bag = new DiagnosticBag();
  const context = { config, edition: edition(editionName), courseFiles: '', bag };
  const parsed = memoizedParse(source, 1, context, (own) => {
    runs.count++;
    return parseChapter(source, 1, { ...context, bag: own, transformsFor: (lang) => textTransformsFor(lang) });
  });
  return { parsed, bag };
}

describe('memoizedParse', () => {
  it('parses once a chapter both editions show alike, and replays its diagnostics to each', () => {
    const runs = { count: 0 };
    const source = chapter('Plain "text" with ![](missing.png) and a [link](https://example.org).\n\n::: note\nShown to all.\n:::\n');
    const participant = parseFor(source, 'participant', runs);
    const trainer = parseFor(source, 'trainer', runs);
    expect(runs.count).toBe(1);
    expect(trainer.parsed).toBe(participant.parsed);
    expect(participant.bag.items.length).toBeGreaterThan(0); // the missing image
    expect(trainer.bag.items).toEqual(participant.bag.items);
  });

  it('parses again for an edition that shows other blocks of the chapter', () => {
    const runs = { count: 0 };
    const source = chapter('Intro text.\n\n::: trainer\nOnly for trainers.\n:::\n');
    const participant = parseFor(source, 'participant', runs);
    const trainer = parseFor(source, 'trainer', runs);
    expect(runs.count).toBe(2);
    expect(trainer.parsed).not.toBe(participant.parsed);
    expect(JSON.stringify(trainer.parsed.tokens)).toContain('Only for trainers');
    expect(JSON.stringify(participant.parsed.tokens)).not.toContain('Only for trainers');
  });

  it('parses again once the remembered parses are forgotten', () => {
    const runs = { count: 0 };
    const source = chapter('Forgotten between two builds.\n');
    const first = parseFor(source, 'participant', runs);
    expect(parseFor(source, 'participant', runs).parsed).toBe(first.parsed);
    forgetParses();
    const again = parseFor(source, 'participant', runs);
    expect(runs.count).toBe(2);
    expect(again.parsed).not.toBe(first.parsed);
    expect(again.parsed.tokens).toEqual(first.parsed.tokens);
  });
});
