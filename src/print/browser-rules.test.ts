import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browserRules, escapeFetchGlob, escapeUrlPattern } from './browser-rules.ts';

describe('browserRules', () => {
  test('data: and each allowed folder pass, under both its given and its real path; everything else is blocked', () => {
    const real = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    const alias = `${real}-alias`;
    fs.symlinkSync(real, alias);
    try {
      const { blockPatterns } = browserRules([alias, '/opt/fonts'], []);
      expect(blockPatterns).toEqual([
        { urlPattern: 'data:*', block: false },
        ...[alias, real, '/opt/fonts'].sort().map((root) => ({ urlPattern: `file://${root}/*`, block: false })),
        { urlPattern: '*://*:*', block: true },
      ]);
    } finally {
      fs.rmSync(alias);
      fs.rmSync(real, { recursive: true });
    }
  });

  test("documents, escaped and doubled-slash paths and every symbolic link's subtree wait for node", () => {
    const { pausePatterns } = browserRules(['/course'], ['/course/content/img*.svg']);
    expect(pausePatterns).toEqual([
      { urlPattern: '*', resourceType: 'Document' },
      { urlPattern: 'file://*%*' },
      { urlPattern: 'file:///*//*' },
      { urlPattern: 'file:///course/content/img\\*.svg' },
      { urlPattern: 'file:///course/content/img\\*.svg/*' },
      { urlPattern: 'file:///course/content/img\\*.svg\\?*' },
    ]);
  });
});

describe('escaping', () => {
  test('URL-pattern syntax in a path is taken literally; the scheme is left alone', () => {
    expect(escapeUrlPattern('file:///a(b)+c:d*/{e}?/')).toBe('file:///a\\(b\\)\\+c\\:d\\*/\\{e\\}\\?/');
  });

  test("Fetch patterns' wildcards are taken literally", () => {
    expect(escapeFetchGlob('file:///a*b?c\\d')).toBe('file:///a\\*b\\?c\\\\d');
  });
});
