/**
 * Opens a PDF the way printers' and readers' software does and returns every
 * complaint: poppler (pdffonts, pdftoppm), MuPDF (mutool draw), qpdf --check
 * and pdf.js (each page rendered on a canvas, fonts turned into paths). A
 * valid book gives an empty list from each.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** stderr of a tool, its exit status appended when it failed. */
async function complaints(command: string, args: string[], quietLine: RegExp | null = null): Promise<string[]> {
  try {
    const { stderr } = await run(command, args, { maxBuffer: 64 << 20 });
    return lines(stderr, quietLine);
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; code?: number | string };
    return [...lines(failed.stderr ?? '', quietLine), ...lines(failed.stdout ?? '', quietLine), `${command} exited with ${failed.code}`];
  }
}

function lines(text: string, quietLine: RegExp | null): string[] {
  return text.split('\n').filter((line) => line.trim() !== '' && !(quietLine && quietLine.test(line)));
}

export async function popplerComplaints(file: string): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-poppler-'));
  try {
    // 12 dpi is enough to make poppler load every font and draw every page.
    return [...(await complaints('pdffonts', [file])), ...(await complaints('pdftoppm', ['-r', '12', '-png', file, path.join(dir, 'p')]))];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `-N`: this MuPDF may be built without colour management, which it reports as a warning about itself, not the file. */
export function mupdfComplaints(file: string): Promise<string[]> {
  return complaints('mutool', ['draw', '-q', '-N', '-r', '12', '-o', '/dev/null', file]);
}

/** qpdf prints its findings on stdout, each starting "WARNING" or "ERROR"; it exits 0 only on a clean file (3: warnings, 2: errors). */
export async function qpdfComplaints(file: string): Promise<string[]> {
  try {
    const { stdout, stderr } = await run('qpdf', ['--check', file], { maxBuffer: 64 << 20 });
    return [...lines(stderr, null), ...lines(stdout, null).filter((line) => /^(WARNING|ERROR)\b/.test(line))];
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; code?: number };
    return [...lines(failed.stdout ?? '', null), ...lines(failed.stderr ?? '', null), `qpdf exited with ${failed.code}`];
  }
}

/**
 * pdf.js reports what it could not read through console.warn ("Warning: …",
 * at verbosity WARNINGS) and goes on drawing, so each message is collected
 * while every page is rendered. Rendering (not only text extraction) makes it
 * parse every font program and image.
 */
export async function pdfjsComplaints(file: string, scale = 0.25): Promise<{ pages: number; complaints: string[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const found: string[] = [];
  const original = { warn: console.warn, error: console.error, log: console.log };
  const collect = (...args: unknown[]): void => void found.push(args.map(String).join(' '));
  console.warn = collect;
  console.error = collect;
  console.log = collect;
  let pages = 0;
  try {
    const data = new Uint8Array(fs.readFileSync(file));
    const doc = await pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, verbosity: pdfjs.VerbosityLevel.WARNINGS })
      .promise;
    try {
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const viewport = page.getViewport({ scale });
        // pdf.js's own Node canvas factory (@napi-rs/canvas, installed with pdfjs-dist).
        const factory = doc.canvasFactory as { create(width: number, height: number): { canvas: HTMLCanvasElement } };
        const { canvas } = factory.create(viewport.width, viewport.height);
        await page.render({ canvas, viewport }).promise;
        page.cleanup();
        pages++;
      }
    } finally {
      await doc.destroy();
    }
  } catch (error) {
    found.push(`pdf.js failed: ${(error as Error).message}`);
  } finally {
    Object.assign(console, original);
  }
  return { pages, complaints: found };
}
