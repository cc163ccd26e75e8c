/**
 * Issue 4: editions are declared, checked and never leak into each other.
 */
import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../src/build.ts';
import { BuildFailedError, type Diagnostic } from '../../src/diagnostics/diagnostic.ts';

const TRAINER_NOTE = 'Ask each group to explain how they reconciled the cash book before comparing answers.';

function course(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-editions-'));
  const all: Record<string, string> = {
    'book.yaml': 'title: Cash Basics\nlanguages: [en]\neditions: [participant, trainer]\n',
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

async function failure(root: string): Promise<Diagnostic[]> {
  try {
    await build({ root, outDir: path.join(root, 'output'), cache: false });
  } catch (error) {
    if (error instanceof BuildFailedError) return error.diagnostics;
    throw error;
  }
  throw new Error('the build succeeded');
}

describe('editions', () => {
  test('a misspelled edition in front matter fails with file and line', async () => {
    const root = course({ 'content/en/01-a.md': '---\ntitle: Vault\neditions: [trainr]\n---\n\nText of the chapter.\n' });
    const diagnostics = await failure(root);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'content/unknown-edition', file: 'content/en/01-a.md', line: 3 }),
    );
  });

  test('a fenced div naming an undeclared edition fails with file and line', async () => {
    const root = course({ 'content/en/01-a.md': '---\ntitle: Vault\n---\n\nText.\n\n::: trainor\nNote.\n:::\n' });
    expect(await failure(root)).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'markdown/unknown-div', file: 'content/en/01-a.md', line: 7 }),
    );
  });

  test('a template testing an undeclared edition fails with file and line', async () => {
    const root = course({
      'content/en/01-a.md': '---\ntitle: Vault\n---\n\nText.\n',
      'templates/partials/title-verso.hbs':
        '<section class="title-verso">\n{{#if edition.is.trainr}}<p>For trainers</p>{{/if}}\n</section>\n',
    });
    expect(await failure(root)).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'layout/unknown-edition', file: 'templates/partials/title-verso.hbs', line: 2 }),
    );
  });

  test('the leak guard fails the build when a template prints text excluded from the edition', async () => {
    // A course template copies the trainer note onto the title verso of every edition.
    const root = course({
      'content/en/01-a.md': `---\ntitle: Vault\n---\n\nClosing the day.\n\n::: trainer\n${TRAINER_NOTE}\n:::\n`,
      'templates/partials/title-verso.hbs': `<section class="title-verso"><p>${TRAINER_NOTE}</p></section>\n`,
    });
    const diagnostics = await failure(root);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'leak/excluded-text', file: 'content/en/01-a.md', line: 7 }),
    );
    expect(fs.existsSync(path.join(root, 'output', 'en', 'participant.pdf'))).toBe(false);
  }, 120_000);

  test('an answer made of the commands its visible exercise prints is no leak', async () => {
    const root = course({
      'content/en/01-a.md': [
        '---\ntitle: Files\n---\n',
        '::: exercise Tidy the survey folder',
        'The folder holds `survey-north.txt`, `survey-south.txt` and `summary.csv`. A colleague typed:',
        '',
        '```',
        '$ mkdir raw',
        '$ mv survey-north.txt survey-south.txt raw/',
        '$ cp summary.csv raw/',
        '```',
        '',
        'Which of these commands put both surveys in `raw/`?',
        '',
        '::: answer',
        '```',
        'mkdir raw',
        'mv survey-north.txt survey-south.txt raw/',
        '```',
        ':::',
        ':::',
        '',
      ].join('\n'),
    });
    await build({ root, outDir: path.join(root, 'output'), cache: false, editions: ['participant'] });
    expect(fs.existsSync(path.join(root, 'output', 'en', 'participant.pdf'))).toBe(true);
  }, 120_000);
});
