// Worker thread for the leak guard (see leak-guard.ts): extracts the text of
// a PDF with pdf.js, off the main thread, so reading parts back overlaps with
// Chromium printing the next ones. Plain JavaScript: workers do not inherit
// the TypeScript loader of the main thread.
import { parentPort } from 'node:worker_threads';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

function letters(text) {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

parentPort.on('message', async ({ id, pdf }) => {
  try {
    const doc = await pdfjs.getDocument({ data: pdf, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
    const pages = [];
    try {
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const content = await page.getTextContent({ disableNormalization: true });
        pages.push(letters(content.items.map((item) => ('str' in item ? item.str : '')).join(' ')));
        page.cleanup();
      }
    } finally {
      await doc.destroy();
    }
    parentPort.postMessage({ id, text: pages.join('') });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});
