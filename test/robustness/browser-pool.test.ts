/**
 * Printing on a browser that is already running (a pool speaking the DevTools
 * protocol), here a Chromium started by the test and listening on 127.0.0.1:
 * the book is byte-identical to one printed on a browser coursebook launched,
 * the lockdown and its warnings are the same, and the running browser is left
 * as it was found (no page or context of ours remains).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { build, type BuildResult } from '../../src/build.ts';
import { BASE_ARGS } from '../../src/print/browser-session.ts';
import { resolveBrowser } from '../../src/print/resolve-browser.ts';
import { chapter, SOURCE_DATE_EPOCH, tempArea, writeCourse } from './helpers.ts';

const area = tempArea('pool');
const CH = 'content/en/01-a.md';
const FIGURE = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="24">POOL-FIGURE</text></svg>\n';
let pool: Browser;
let root = '';
let local: BuildResult;
let remote: BuildResult;
const previousEpoch = process.env.SOURCE_DATE_EPOCH;

const requestWarnings = (result: BuildResult): unknown[] =>
  result.diagnostics
    .filter((d) => d.code.startsWith('print/'))
    .map((d) => [d.code, d.file, d.line])
    .sort((a, b) => Number(a[2]) - Number(b[2])); // the documents' requests come in no fixed order

beforeAll(async () => {
  if (process.env.KEEP_POOL_AREA) console.log(area.dir);
  process.env.SOURCE_DATE_EPOCH = SOURCE_DATE_EPOCH;
  pool = await puppeteer.launch({
    executablePath: (await resolveBrowser(undefined)).executablePath,
    headless: 'shell',
    args: BASE_ARGS, // puppeteer starts it with --remote-debugging-port=0: it listens on 127.0.0.1
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  root = writeCourse(area.dir, {
    [CH]: chapter(
      'Alpha',
      'A paragraph printed by the pool.',
      '',
      '![A figure set in the book fonts](images/figure.svg){#fig:figure}',
      '',
      '<img src="https://example.invalid/remote.png" alt="remote">',
      '',
      '<img src="images/absent.png" alt="missing">',
    ),
    'content/en/images/figure.svg': FIGURE,
  });
  // A link inside the course to a file outside it, named by its absolute URL (raw HTML is not rewritten).
  fs.writeFileSync(path.join(area.dir, 'outside.svg'), FIGURE);
  fs.symlinkSync(path.join(area.dir, 'outside.svg'), path.join(root, 'content/en/images/outside.svg'));
  fs.appendFileSync(path.join(root, CH), `\n<img src="file://${root}/content/en/images/outside.svg" alt="outside">\n`);
  local = await build({ root, outDir: path.join(root, 'out-local'), cache: false, log: () => undefined });
  remote = await build({ root, outDir: path.join(root, 'out-remote'), cache: false, browserUrl: pool.wsEndpoint(), log: () => undefined });
}, 180_000);

afterAll(async () => {
  process.env.SOURCE_DATE_EPOCH = previousEpoch;
  if (previousEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  await pool?.close();
  if (!process.env.KEEP_POOL_AREA) area.cleanup();
});

describe('printing on a running browser (--browser-url)', () => {
  test('gives the same bytes as a browser launched by coursebook, but for the document ID', () => {
    // The ID is derived from the print keys, which name the browser (its package here, its reported version there);
    // the XMP InstanceID is the same ID.
    const withoutId = (file: string): string =>
      fs
        .readFileSync(file)
        .toString('latin1')
        .replace(/\/ID \[ ?<[0-9a-f]+> ?<[0-9a-f]+> ?\]/g, '/ID []')
        .replace(/<xmpMM:InstanceID>uuid:[0-9a-f-]+<\/xmpMM:InstanceID>/g, '<xmpMM:InstanceID/>');
    expect(remote.printed).toBeGreaterThan(0);
    expect(remote.manifest.outputs.map((o) => o.file).sort()).toEqual(['en/participant-cover.pdf', 'en/participant.pdf']);
    for (const output of local.manifest.outputs) {
      const a = withoutId(path.join(root, 'out-local', output.file));
      const b = withoutId(path.join(root, 'out-remote', output.file));
      expect(a).toContain('/ID []');
      expect(b === a).toBe(true);
    }
  });

  test('the lockdown refuses and reports the same requests', () => {
    expect(requestWarnings(local)).toEqual([
      ['print/refused-request', CH, 9],
      ['print/failed-request', CH, 11],
      ['print/refused-request', CH, 13],
    ]);
    expect(requestWarnings(remote)).toEqual(requestWarnings(local));
  });

  test('leaves the running browser as it found it', async () => {
    expect(pool.connected).toBe(true);
    expect(pool.browserContexts()).toHaveLength(1);
    expect((await pool.pages()).map((p) => p.url())).toEqual(['about:blank']);
  });

  test('a URL that is not a DevTools WebSocket is refused with a clear message', async () => {
    await expect(
      build({ root, outDir: path.join(root, 'out-bad'), browserUrl: 'http://127.0.0.1:9/', log: () => undefined }),
    ).rejects.toThrow(/--browser-url is not a DevTools WebSocket URL: http:\/\/127\.0\.0\.1:9\/ \(expected ws:\/\/host:port\/…\)/);
    expect(fs.existsSync(path.join(root, 'out-bad'))).toBe(false);
  });
});
