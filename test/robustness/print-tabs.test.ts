/**
 * The print browser runs no more renderer processes than the tabs asked for:
 * documents that come while the tabs opened ahead are still opening take
 * those tabs instead of opening more (each renderer is ~250 MB by the end of
 * a long build), and the blank page Chromium starts with is one of them.
 */
import { afterAll, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession } from '../../src/print/browser-session.ts';
import { PrintService } from '../../src/print/print-service.ts';
import { resolveBrowser } from '../../src/print/resolve-browser.ts';
import { BuildCache } from '../../src/cache/build-cache.ts';
import { descendantsOf, processTable, tempArea } from './helpers.ts';

const area = tempArea('print-tabs');
afterAll(() => area.cleanup());

test('documents sent before the tabs opened ahead are ready print on those tabs: two tabs, two renderers', async () => {
  const files = Array.from({ length: 6 }, (_, i) => {
    const file = path.join(area.dir, `doc-${i}.html`);
    fs.writeFileSync(file, `<!doctype html><html lang="en"><title>Doc ${i}</title><p>Document number ${i}.</p></html>`);
    return file;
  });
  const options = { allowedRoots: [area.dir], symlinks: [], tagged: true, loadTimeoutMs: 60_000, printTimeoutMs: 60_000 };
  const session = await BrowserSession.launch(await resolveBrowser(undefined));
  try {
    // As PrintService.warmUp does: the tabs are opened ahead without waiting, and documents follow at once.
    const warming = session.openIdleTabs(options.allowedRoots, [], 2);
    const printed: Uint8Array[] = [];
    const lanes = [0, 1].map(async (lane) => {
      for (let i = lane; i < files.length; i += 2) printed.push((await session.printHtmlFile(files[i]!, options)).pdf);
    });
    await Promise.all([warming, ...lanes]);
    expect(printed).toHaveLength(files.length);
    for (const pdf of printed) expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const renderers = descendantsOf(session.pid!, await processTable()).filter((row) => /--type=renderer/.test(row.args));
    expect(renderers.length).toBeLessThanOrEqual(2);
  } finally {
    await session.close();
  }
}, 120_000);

test('a build that likely prints one document (after an edit) warms up one tab: one renderer, more on demand', async () => {
  const files = [0, 1].map((i) => {
    const file = path.join(area.dir, `edited-${i}.html`);
    fs.writeFileSync(file, `<!doctype html><html lang="en"><title>Edited ${i}</title><p>Edited document ${i}.</p></html>`);
    return file;
  });
  const options = { allowedRoots: [area.dir], loadTimeoutMs: 60_000, printTimeoutMs: 60_000 };
  const printer = new PrintService(await resolveBrowser(undefined), options, new BuildCache(path.join(area.dir, 'cache'), 'tabs'), 2);
  const renderers = async (): Promise<number> =>
    descendantsOf(process.pid, await processTable()).filter((row) => /--type=renderer/.test(row.args)).length;
  try {
    printer.warmUp(1);
    const deadline = Date.now() + 30_000;
    while ((await renderers()) < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // The tab is open; a second one would have started by now as well.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await renderers()).toBe(1);
    // Two documents at once: the second opens a tab of its own.
    const pdfs = await Promise.all(
      files.map((htmlFile) => printer.print({ htmlFile, html: fs.readFileSync(htmlFile, 'utf8'), tagged: true })),
    );
    for (const pdf of pdfs) expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(await renderers()).toBe(2);
  } finally {
    await printer.close();
  }
}, 120_000);
