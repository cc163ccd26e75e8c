/**
 * `npx tsx bench/preview-screenshot.ts [out.png]`: the screenshot of the
 * `coursebook dev` preview in the README. Starts the preview server on the
 * sample course (fr, participant), opens it in the Chromium coursebook prints
 * with (puppeteer-core), goes to the spread of pages 10–11 and saves a PNG
 * (default docs/preview.png).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startDevServer } from '../src/dev/dev-server.ts';
import { resolveBrowser } from '../src/print/resolve-browser.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(projectRoot, 'docs', 'preview.png'));
process.env.SOURCE_DATE_EPOCH ??= '1767225600';

const server = await startDevServer({ root: projectRoot, lang: 'fr', edition: 'participant', port: 0 });
const browser = await puppeteer.launch({
  executablePath: (await resolveBrowser(undefined)).executablePath,
  headless: 'shell',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 760 });
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForFunction(() => Number(document.body.dataset.version ?? 0) >= 1, { timeout: 120_000 });
  await page.$eval('#book .page[data-label="10"]', (p) => p.scrollIntoView());
  await page.evaluate(() => window.scrollBy(0, -40));
  await page.waitForSelector('#book .page[data-label="11"][data-rendered="true"]', { timeout: 30_000 });
  await page.screenshot({ path: out });
  process.stderr.write(`written ${out}\n`);
} finally {
  await browser.close();
  await server.close();
}
