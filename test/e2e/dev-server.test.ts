/**
 * `coursebook dev` in a real browser: the CLI serves a small course, headless
 * Chromium (the one coursebook prints with, through puppeteer-core) opens the
 * preview page; a saved chapter appears on the displayed page without a
 * reload; a broken save shows its diagnostic over the last good pages and the
 * fix clears it; Ctrl-C ends the server and its printing browser; output/ is
 * never written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { resolveBrowser } from '../../src/print/resolve-browser.ts';
import { BrowserWatch, chapter, startCli, tempArea, writeCourse, type RunningCli } from '../robustness/helpers.ts';

const area = tempArea('dev');
let root: string;
let server: RunningCli;
let watch: BrowserWatch;
let viewer: Browser;
let page: Page;
let url: string;

const chapterFile = (): string => path.join(root, 'content/en/01-a.md');

/** The text of the displayed pages (pdf.js's text layer over each rendered page), ligatures and soft hyphens undone. */
const shownText = (): Promise<string> =>
  page.$$eval('#book .page[data-rendered="true"] .textLayer', (layers) =>
    layers.map((l) => (l.textContent ?? '').normalize('NFKC').replace(/\u00AD/g, '')).join('\n'),
  );

const version = async (): Promise<number> => Number(await page.$eval('body', (b) => b.dataset.version ?? '0'));

beforeAll(async () => {
  root = writeCourse(area.dir, {
    'content/en/01-a.md': chapter('Alpha', 'The vault opens at eight.', '', '## Counting', '', 'Cash is counted twice.'),
  });
  server = startCli(['dev', '--root', root, '--port', '0']);
  watch = new BrowserWatch(server.child.pid!).start();
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dev server printed no URL')), 30_000);
    server.child.stdout!.on('data', (chunk: Buffer) => {
      const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(chunk.toString());
      if (found) {
        clearTimeout(timer);
        resolve(found[0]);
      }
    });
    server.done.then((r) => reject(new Error(`dev server ended: ${r.stderr}`)), reject);
  });
  const resolved = await resolveBrowser(undefined);
  viewer = await puppeteer.launch({ executablePath: resolved.executablePath, headless: 'shell', args: ['--no-sandbox'] });
  page = await viewer.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => Number(document.body.dataset.version ?? 0) >= 1, { timeout: 60_000 });
}, 120_000);

afterAll(async () => {
  await viewer?.close();
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  await watch?.stop();
  await watch?.killLeftovers();
  area.cleanup();
});

describe('coursebook dev', () => {
  it('serves on 127.0.0.1 the interior build writes, and shows its printed pages', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const pdf = await fetch(new URL('en/participant.pdf', url));
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // The chapter opens on page 1 (after the front matter): scrolled to, it is drawn.
    await page.$eval('#book .page[data-label="1"]', (p) => p.scrollIntoView());
    await page.waitForSelector('#book .page[data-label="1"][data-rendered="true"] canvas', { timeout: 20_000 });
    expect(await shownText()).toMatch(/vault opens at eight/);
    expect(fs.existsSync(path.join(root, 'output'))).toBe(false);
  });

  it('shows a saved sentence on the displayed page without reloading it', async () => {
    const before = await version();
    // (Words without ligatures: pdf.js gives no text for a ligature glyph such as "ffi".)
    // A marker on the window object is lost on any reload: it must survive the update.
    await page.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));
    fs.writeFileSync(
      chapterFile(),
      chapter(
        'Alpha',
        'The vault opens at eight.',
        'Keys stay with two guards at all times.',
        '',
        '## Counting',
        '',
        'Cash is counted twice.',
      ),
    );
    await page.waitForFunction((v) => Number(document.body.dataset.version ?? 0) > v, { timeout: 60_000 }, before);
    await page.waitForFunction(
      () =>
        /two guards/.test(
          [...document.querySelectorAll('#book .page[data-rendered="true"] .textLayer')]
            .map((l) => (l.textContent ?? '').normalize('NFKC').replace(/\u00AD/g, ''))
            .join(' '),
        ),
      { timeout: 20_000 },
    );
    expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
    expect(await shownText()).toMatch(/Keys stay with two guards/);
    // The page went to the first page that changed (the chapter's first page) and outlined it.
    await page.waitForSelector('#book .page.changed', { timeout: 20_000 });
    expect(await page.$eval('#book .page.changed', (p) => (p as HTMLElement).dataset.label)).toBe('1');
  }, 90_000);

  it('shows a broken save over the last good pages, with file, line and code frame, and clears it once fixed', async () => {
    const good = await version();
    fs.writeFileSync(chapterFile(), chapter('Alpha', 'The vault opens at eight.', '', '::: mystery', 'Unknown block.', ':::'));
    await page.waitForSelector('#error:not([hidden])', { timeout: 60_000 });
    const shown = await page.$eval('#error-text', (e) => e.textContent ?? '');
    expect(shown).toContain('content/en/01-a.md:7');
    expect(shown).toMatch(/mystery/);
    expect(shown).toMatch(/\|\s*::: mystery/); // the code frame quotes the line
    expect(await version()).toBe(good); // the last good pages stay
    expect(await shownText()).toMatch(/vault opens at eight/);

    fs.writeFileSync(chapterFile(), chapter('Alpha', 'The vault opens at eight.', 'Fixed again.'));
    await page.waitForSelector('#error[hidden]', { timeout: 60_000 });
    await page.waitForFunction((v) => Number(document.body.dataset.version ?? 0) > v, { timeout: 60_000 }, good);
    expect(await page.$eval('body', (b) => b.dataset.error)).toBeUndefined();
  }, 120_000);

  it('stops the server and its browser on Ctrl-C, leaving no process and no output folder', async () => {
    const printing = await watch.poll();
    expect(printing.length).toBeGreaterThan(0); // the printing browser stays open between rebuilds
    server.child.kill('SIGINT');
    const result = await server.done;
    expect(result.code).toBe(0);
    expect(await watch.aliveAfter(10_000)).toEqual([]);
    expect(fs.existsSync(path.join(root, 'output'))).toBe(false);
  }, 30_000);
});
