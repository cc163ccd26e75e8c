/**
 * Course content is untrusted. One small book full of active content and
 * remote references is printed while a local HTTP server records every
 * request: nothing may reach it, no script may run, and the book still
 * builds. Paths out of the course and YAML tags are refused before printing.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build, type BuildResult } from '../../src/build.ts';
import { loadBookConfig } from '../../src/config/load-config.ts';
import { loadChapters } from '../../src/content/load-chapters.ts';
import { BuildFailedError, DiagnosticBag } from '../../src/diagnostics/diagnostic.ts';
import { readPdf, searchableText } from '../helpers/read-pdf.ts';
import { BOOK_YAML, chapter, SOURCE_DATE_EPOCH, tempArea, writeCourse, type CourseFiles } from './helpers.ts';

const area = tempArea('hostile');
const CH = 'content/en/01-a.md';

const requests: string[] = [];
const server = http.createServer((request, response) => {
  requests.push(`${request.method} ${request.url}`);
  response.end(request.url?.endsWith('.css') ? 'body::after { content: "PWNED-BY-CSS"; }' : 'x');
});
let origin = '';

/** The hostile chapter; `origin` is the recording server. */
const hostileChapter = (): string =>
  chapter(
    'Hostile content',
    'Intact paragraph before.', // 5
    '',
    "<script>document.body.innerHTML = '<p>PWNED-BY-SCRIPT</p>';</script>", // 7
    '',
    `<img src=x onerror="document.body.textContent='PWNED-BY-ONERROR'">`, // 9
    '',
    `<iframe src="${origin}/frame.html"></iframe>`, // 11
    '',
    '<iframe srcdoc="<p>PWNED-BY-IFRAME</p>"></iframe>', // 13
    '',
    `![A remote figure](${origin}/x.png)`, // 15
    '',
    `<img src="${origin}/y.png" alt="remote raw image">`, // 17
    '',
    `<style>@import url(${origin}/z.css); .chapter-body { background: url(${origin}/bg.png); }</style>`, // 19
    '',
    `<link rel="stylesheet" href="${origin}/l.css"><meta http-equiv="refresh" content="0;url=${origin}/refresh">`, // 21
    '',
    `<object data="${origin}/o.pdf"></object><svg width="10" height="10"><image href="${origin}/s.png" width="10" height="10"/></svg>`, // 23
    '',
    `<a href="javascript:document.body.textContent='PWNED-BY-LINK'">a harmless link</a>`, // 25
    '',
    'Intact paragraph after.', // 27
  );

let root = '';
let outcome: { result: BuildResult } | { error: unknown };
const previousEpoch = process.env.SOURCE_DATE_EPOCH;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.SOURCE_DATE_EPOCH = SOURCE_DATE_EPOCH;
  root = writeCourse(area.dir, {
    // A YAML tag in book.yaml is loaded as plain text, and printed as such.
    'book.yaml': `${BOOK_YAML}subtitle: !!js/function "function () { return 42 }"\n`,
    [CH]: hostileChapter(),
  });
  try {
    outcome = { result: await build({ root, jobs: 1, log: () => undefined }) };
  } catch (error) {
    outcome = { error };
  }
}, 120_000);

afterAll(async () => {
  process.env.SOURCE_DATE_EPOCH = previousEpoch;
  if (previousEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  server.closeAllConnections(); // the probe's keep-alive connection
  await new Promise((resolve) => server.close(resolve));
  area.cleanup();
});

const result = (): BuildResult => {
  if ('error' in outcome) throw outcome.error;
  return outcome.result;
};

describe('a book full of active content and remote references', () => {
  test('builds', () => {
    expect(
      result()
        .manifest.outputs.map((o) => o.file)
        .sort(),
    ).toEqual(['en/participant-cover.pdf', 'en/participant.pdf']);
  });

  test('the server received no request at all (and does answer when asked)', async () => {
    expect(requests).toEqual([]);
    await fetch(`${origin}/probe`);
    expect(requests).toEqual(['GET /probe']);
    requests.length = 0;
  });

  test('the remote Markdown image is a warning with its place, and the YAML tag is a warning', () => {
    expect(result().diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'warning', code: 'markdown/remote-image', file: CH, line: 15, column: 1 }),
        expect.objectContaining({ severity: 'warning', code: 'config/yaml', file: 'book.yaml', line: 4 }),
      ]),
    );
    expect(result().diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('every remote reference the browser refused is a warning at its line, the Markdown image only once', () => {
    const refused = result()
      .diagnostics.filter((d) => d.code === 'print/refused-request')
      .map((d) => [d.file, d.line, d.message.match(/http:\S+\/(\w+\.\w+)/)?.[1]]);
    expect(refused.sort()).toEqual([
      [CH, 17, 'y.png'],
      [CH, 19, 'bg.png'],
      [CH, 19, 'z.css'],
      [CH, 23, 's.png'],
    ]);
    expect(
      result()
        .diagnostics.filter((d) => d.line === 15)
        .map((d) => d.code),
    ).toEqual(['markdown/remote-image']);
  });

  test('no script, handler, frame or remote stylesheet changed the printed text', async () => {
    for (const file of ['participant.pdf', 'participant-cover.pdf']) {
      const text = searchableText(await readPdf(path.join(root, 'output', 'en', file)));
      expect(text).not.toMatch(/PWNED/);
    }
    const interior = searchableText(await readPdf(path.join(root, 'output', 'en', 'participant.pdf')));
    expect(interior).toContain('Intact paragraph before.');
    expect(interior).toContain('Intact paragraph after.');
    expect(interior).toContain('a harmless link');
    // The tagged value is data: its text is printed as the subtitle, never run.
    expect(interior).toContain('function () { return 42 }');
  });
});

/** Builds a course that must fail before printing; returns the error. */
async function failingBuild(files: CourseFiles): Promise<BuildFailedError> {
  const course = writeCourse(area.dir, files);
  try {
    await build({ root: course, log: () => undefined });
  } catch (error) {
    if (error instanceof BuildFailedError) return error;
    throw error;
  }
  throw new Error('the build succeeded; it should have failed');
}

describe('paths out of the course folder are refused', () => {
  test('a relative path climbing out of the course', async () => {
    const error = await failingBuild({ [CH]: chapter('Alpha', 'Intro.', '', '![x](../../../../etc/passwd)') });
    expect(error.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'markdown/path-escape', file: CH, line: 7, column: 1 }),
    );
  });

  test('an absolute path', async () => {
    const error = await failingBuild({ [CH]: chapter('Alpha', 'Intro.', '', '![x](/etc/passwd)') });
    expect(error.diagnostics).toContainEqual(expect.objectContaining({ code: 'markdown/path-escape', file: CH, line: 7 }));
  });

  test('a symbolic link inside the course to a file outside it', async () => {
    const outside = path.join(area.dir, 'outside-secret.svg');
    fs.writeFileSync(outside, '<svg xmlns="http://www.w3.org/2000/svg"><text>SECRET-OUTSIDE</text></svg>\n');
    const course = writeCourse(area.dir, { [CH]: chapter('Alpha', 'Intro.', '', '![Secret](images/secret.svg)') });
    fs.mkdirSync(path.join(course, 'content/en/images'), { recursive: true });
    fs.symlinkSync(outside, path.join(course, 'content/en/images/secret.svg'));
    try {
      await build({ root: course, log: () => undefined });
      throw new Error('the build succeeded; it should have failed');
    } catch (error) {
      expect(error).toBeInstanceOf(BuildFailedError);
      expect((error as BuildFailedError).diagnostics).toContainEqual(
        expect.objectContaining({ code: 'markdown/path-escape', file: CH, line: 7, column: 1 }),
      );
    }
  });
});

describe('YAML tags never run code', () => {
  test('!!js/function in book.yaml: a warning with its place; the value stays plain text', () => {
    const course = writeCourse(area.dir, {
      'book.yaml': `${BOOK_YAML}subtitle: !!js/function "function () { globalThis.pwnedByYaml = true; return 'x' }"\n`,
    });
    const bag = new DiagnosticBag();
    const config = loadBookConfig(course, bag);
    expect(bag.items).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'config/yaml', file: 'book.yaml', line: 4, column: 11 }),
    ]);
    expect(config?.subtitle).toBe("function () { globalThis.pwnedByYaml = true; return 'x' }");
    expect((globalThis as { pwnedByYaml?: boolean }).pwnedByYaml).toBeUndefined();
  });

  test('--strict (warnings are errors) rejects it', async () => {
    const course = writeCourse(area.dir, { 'book.yaml': `${BOOK_YAML}subtitle: !!js/function "function () { return 1 }"\n` });
    await expect(build({ root: course, strict: true, log: () => undefined })).rejects.toMatchObject({
      diagnostics: expect.arrayContaining([expect.objectContaining({ code: 'config/yaml', file: 'book.yaml', line: 4 })]),
    });
  });

  test('a custom !tag in front matter: a warning with its place; the value is a plain string', () => {
    const course = writeCourse(area.dir, { [CH]: '---\ntitle: Alpha\nmethod: !shell rm -rf /\n---\n\nText.\n' });
    const bag = new DiagnosticBag();
    const config = loadBookConfig(course, bag)!;
    const [loaded] = loadChapters(config, 'en', bag);
    expect(loaded?.frontMatter.method).toBe('rm -rf /');
    expect(bag.items).toEqual([expect.objectContaining({ severity: 'warning', code: 'content/front-matter', file: CH, line: 3 })]);
  });

  test('gray-matter\'s executable "---js" front matter is refused, never evaluated', async () => {
    const marker = path.join(area.dir, 'front-matter-ran');
    const error = await failingBuild({
      [CH]: `---js\n({ title: (require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'), 'Alpha') })\n---\n\nText.\n`,
    });
    expect(error.diagnostics).toContainEqual(expect.objectContaining({ code: 'content/front-matter', file: CH, line: 1 }));
    expect(fs.existsSync(marker)).toBe(false);
  });
});
