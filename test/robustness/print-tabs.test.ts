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
import { resolveBrowser } from '../../src/print/resolve-browser.ts';
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
