/**
 * The assembly worker's failures reach the build as errors of the edition:
 * a document that could not be printed, or printed bytes that are no PDF.
 * (Successful assemblies on the worker are what every end-to-end build does.)
 */
import { describe, expect, it } from '@jest/globals';
import { assembleOnWorker } from './assembly-thread.ts';
import type { AssemblyRequest, PrintedPart } from './edition-assembly.ts';
import { transferable } from './assembly-messages.ts';

const request = {
  settings: { chapters: [], outline: [], page: {}, dir: 'ltr', folioFonts: { latin: '' }, digits: 'latn', metadata: {} },
  furnitureLayout: { heightMm: 8, bookTitle: 0, chapters: [], mark: null },
  otherPdfPages: [],
  leakGuard: { text: { hidden: [], shown: '' }, output: 'fr/participant', probes: null },
  fonts: null,
} as unknown as AssemblyRequest;
const events = {
  planned: () => undefined,
  probes: () => undefined,
  probeSet: () => Promise.resolve([]),
  letters: () => undefined,
  hits: () => undefined,
  untaggedMarks: () => undefined,
  fonts: () => undefined,
};

describe('assembly on the worker thread', () => {
  it('fails with the error of a document that could not be printed', async () => {
    const printFailed = Promise.reject(new Error('chapters-02.html: the print timed out'));
    const assembled = assembleOnWorker(
      request,
      { parts: [new Promise(() => undefined), printFailed], furniture: new Promise(() => undefined), layouts: [] },
      events,
    );
    await expect(assembled).rejects.toThrow('chapters-02.html: the print timed out');
  });

  it("fails with the worker's own error when the printed bytes are not a PDF, and serves the next edition after", async () => {
    const notPdf = (): Promise<PrintedPart> =>
      Promise.resolve({ bytes: new TextEncoder().encode('not a PDF'), key: 'not-a-pdf', untaggedMarks: null });
    const inputs = () => ({ parts: [notPdf()], furniture: Promise.resolve(new Uint8Array(0)), layouts: [] });
    await expect(assembleOnWorker(request, inputs(), events)).rejects.toThrow(/PDF/i);
    await expect(assembleOnWorker(request, inputs(), events)).rejects.toThrow(/PDF/i);
  });
});

describe('transferable', () => {
  it('gives away a buffer the bytes span whole, and copies a view into a larger one', () => {
    const whole = new Uint8Array([1, 2, 3]);
    expect(transferable(whole).buffer).toBe(whole.buffer);
    const view = new Uint8Array(new ArrayBuffer(16), 4, 3);
    view.set([7, 8, 9]);
    const given = transferable(view);
    expect(given.buffer).not.toBe(view.buffer);
    expect([...given.bytes]).toEqual([7, 8, 9]);
  });
});
