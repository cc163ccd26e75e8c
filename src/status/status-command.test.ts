import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Command } from 'commander';
import { registerStatusCommand } from '../cli/status-command.ts';

const roots: string[] = [];
let stdout = '';
let stderr = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
});
afterEach(() => {
  jest.restoreAllMocks();
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function course(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-status-cli-'));
  roots.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

async function run(...args: string[]): Promise<number> {
  let code = 0;
  const program = new Command().exitOverride();
  registerStatusCommand(program, (c) => (code = c));
  await program.parseAsync(args, { from: 'user' });
  return code;
}

const files = {
  'book.yaml': 'title: Cours\nlanguages: [fr, en, ar]\n',
  'content/fr/01-intro.md': '---\ntitle: Introduction\n---\nTexte.\n',
  'content/fr/02-gov.md': '---\ntitle: Gouvernance\n---\nTexte.\n',
  'content/en/01-intro.md': '---\ntitle: Introduction\n---\nText.\n',
  'content/en/02-gov.md': '---\ntitle: Governance\n---\nText.\n',
};

describe('coursebook status / mark-translated', () => {
  it('marks chapters given relative to the course folder and shows the status', async () => {
    const root = course(files);
    expect(await run('mark-translated', 'content/en/01-intro.md', path.join(root, 'content/en/02-gov.md'), '--root', root)).toBe(0);
    expect(stdout).toMatch(/^content\/en\/01-intro\.md: source_hash [0-9a-f]{12} \(had none\)/);
    expect(fs.readFileSync(path.join(root, 'content/en/02-gov.md'), 'utf8')).toMatch(/\nsource_hash: \S+\n---\n/);

    stdout = '';
    expect(await run('status', '--root', root)).toBe(0);
    expect(stdout).toContain('en: 2 translated\n');
    expect(stdout).toContain('ar: 2 missing\n');

    stdout = '';
    expect(await run('status', '--root', root, '--json', '--lang', 'ar')).toBe(0);
    const json = JSON.parse(stdout) as { languages: { lang: string; counts: { missing: number } }[] };
    expect(json.languages.map((l) => [l.lang, l.counts.missing])).toEqual([['ar', 2]]);
  });

  it('exits 1 with diagnostics when book.yaml is invalid', async () => {
    const root = course({ ...files, 'book.yaml': 'title: Cours\nlanguage: [fr]\n' });
    expect(await run('status', '--root', root)).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('error config/schema book.yaml');

    stderr = '';
    expect(await run('status', '--root', root, '--json')).toBe(1);
    expect((JSON.parse(stdout) as { diagnostics: unknown[] }).diagnostics.length).toBeGreaterThan(0);
  });

  it('exits 1 for a path that is not a translation, still marking the others', async () => {
    const root = course(files);
    expect(await run('mark-translated', 'README.md', 'content/fr/01-intro.md', 'content/en/01-intro.md', '--root', root)).toBe(1);
    expect(stderr).toContain('status/not-a-chapter');
    expect(stderr).toContain('status/source-language');
    expect(stdout).toContain('content/en/01-intro.md: source_hash');
  });
});
