/**
 * Issue 9 §1: pdf.js (the reader of Firefox and of many web viewers) renders
 * every page of every output without a warning. Apart from readers.test.ts so
 * that the two, the longest end-to-end tests, run on separate workers.
 */
import { describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { pdfjsComplaints } from '../helpers/external-readers.ts';
import { SAMPLE_OUT, sampleOutputs } from './sample-paths.ts';

describe.each(sampleOutputs().map((file) => [path.relative(path.dirname(SAMPLE_OUT), file), file]))('%s', (_name, file) => {
  test('pdf.js renders every page without a warning', async () => {
    const { pages, complaints } = await pdfjsComplaints(file);
    expect(complaints).toEqual([]);
    expect(pages).toBeGreaterThan(0);
  }, 120_000);
});
