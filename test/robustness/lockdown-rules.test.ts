/**
 * The local print browser applies the lockdown itself (blocked URLs, and only
 * the requests a URL prefix cannot judge paused for node's check). A course in
 * a folder whose name holds URL-pattern characters carries symbolic links out
 * of it, spelled plainly, with an escape and with a doubled slash, plus a
 * file:// URL outside it and a remote URL: every one is refused and reported,
 * nothing reaches the network, and a link that stays inside the course still
 * loads. A browser kept across builds (the dev server) follows links that
 * appear between them.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build, type BuildResult } from '../../src/build.ts';
import { BrowserSession } from '../../src/print/browser-session.ts';
import { resolveBrowser } from '../../src/print/resolve-browser.ts';
import { findSymlinks } from '../../src/print/symlink-scan.ts';
import { readPdf, searchableText } from '../helpers/read-pdf.ts';
import { chapter, SOURCE_DATE_EPOCH, tempArea, writeCourse } from './helpers.ts';

const area = tempArea('lockdown');
const CH = 'content/en/01-a.md';
const figure = (text: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40"><text x="4" y="24">${text}</text></svg>\n`;

const requests: string[] = [];
const server = http.createServer((request, response) => {
  requests.push(`${request.method} ${request.url}`);
  response.end('x');
});
let origin = '';
let root = '';
let outside = '';
let result: BuildResult;
const previousEpoch = process.env.SOURCE_DATE_EPOCH;

/** Refused requests as [line or null, the URL as the warning shows it]. */
const refusals = (): [number | null, string][] =>
  result.diagnostics
    .filter((d) => d.code === 'print/refused-request')
    .map((d): [number | null, string] => [
      d.line ?? null,
      d.message.match(/refused to load the \w+ (.+?)(?: \(in [^)]*\))?: only/)?.[1] ?? d.message,
    ])
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.SOURCE_DATE_EPOCH = SOURCE_DATE_EPOCH;
  outside = path.join(area.dir, 'outside');
  fs.mkdirSync(path.join(outside, 'dir'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'secret.svg'), figure('SECRET-FILE'));
  fs.writeFileSync(path.join(outside, 'escaped.svg'), figure('SECRET-ESCAPED'));
  fs.writeFileSync(path.join(outside, 'dir', 'other.svg'), figure('SECRET-DIR'));
  // Characters that mean something in a URL pattern (and are not escaped in a file URL).
  const parent = path.join(area.dir, 'a(b)+c:d*');
  fs.mkdirSync(parent);
  root = writeCourse(parent, { 'shared/inside.svg': figure('INSIDE-FIGURE') });
  // Raw HTML is not rewritten: a course file is named by its absolute URL (a relative one would name the HTML's folder).
  const here = `file://${root}/content/en`;
  fs.writeFileSync(
    path.join(root, CH),
    chapter(
      'Alpha',
      'Intact paragraph.', // 5
      '',
      `<img src="${here}/images/secret.svg" alt="a link to a file outside">`, // 7
      '',
      `<img src="${here}/linked/other.svg" alt="under a link to a folder outside">`, // 9
      '',
      `<img src="${here}/images/%65scaped.svg" alt="a link spelled with an escape">`, // 11
      '',
      `<img src="${here}/images//doubled.svg" alt="a link behind a doubled slash">`, // 13
      '',
      '<img src="file:///etc/hostname" alt="a file outside the course">', // 15
      '',
      `<img src="${origin}/remote.png" alt="a remote image">`, // 17
      '',
      '![A link that stays inside](images/inside.svg)', // 19
    ),
  );
  const images = path.join(root, 'content/en/images');
  fs.mkdirSync(images, { recursive: true });
  fs.symlinkSync(path.join(outside, 'secret.svg'), path.join(images, 'secret.svg'));
  fs.symlinkSync(path.join(outside, 'escaped.svg'), path.join(images, 'escaped.svg'));
  fs.symlinkSync(path.join(outside, 'secret.svg'), path.join(images, 'doubled.svg'));
  fs.symlinkSync(path.join(outside, 'dir'), path.join(root, 'content/en/linked'));
  fs.symlinkSync('../../../shared/inside.svg', path.join(images, 'inside.svg'));
  result = await build({ root, jobs: 1, log: () => undefined });
}, 120_000);

afterAll(async () => {
  process.env.SOURCE_DATE_EPOCH = previousEpoch;
  if (previousEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  area.cleanup();
});

describe('the local browser refuses what leaves the course, as node would', () => {
  test('every escaping link, file URL outside and remote URL is a warning naming it, at its line', () => {
    expect(refusals()).toEqual([
      // Named by its decoded path, which the chapter does not spell: not placed.
      [null, 'content/en/images/escaped.svg'],
      [7, 'content/en/images/secret.svg'],
      [9, 'content/en/linked/other.svg'],
      [13, 'content/en/images/doubled.svg'],
      [15, '/etc/hostname'],
      [17, `${origin}/remote.png`],
    ]);
    expect(result.diagnostics.filter((d) => d.code === 'print/failed-request')).toEqual([]);
  });

  test('nothing reached the network', () => {
    expect(requests).toEqual([]);
  });

  test('no file outside the course was printed; the link that stays inside was', async () => {
    const text = searchableText(await readPdf(path.join(root, 'output', 'en', 'participant.pdf')));
    expect(text).toContain('Intact paragraph.');
    expect(text).toContain('INSIDE-FIGURE');
    expect(text).not.toMatch(/SECRET/);
  });
});

describe('a browser kept across builds', () => {
  test('a link that appears between two prints on the same tab is refused by the second', async () => {
    const dir = fs.mkdtempSync(path.join(area.dir, 'kept-'));
    fs.writeFileSync(path.join(dir, 'page.html'), '<!doctype html><p>Kept <img src="late.svg" alt=""></p>');
    fs.writeFileSync(path.join(dir, 'late.svg'), figure('INSIDE-AT-FIRST'));
    const session = await BrowserSession.launch(await resolveBrowser(undefined));
    try {
      const print = async (): Promise<string[]> => {
        const printed = await session.printHtmlFile(path.join(dir, 'page.html'), {
          allowedRoots: [dir],
          symlinks: await findSymlinks([dir]),
          tagged: false,
          loadTimeoutMs: 60_000,
          printTimeoutMs: 60_000,
        });
        return printed.requestProblems.map((p) => `${p.kind} ${path.basename(p.url)}`);
      };
      expect(await print()).toEqual([]);
      fs.rmSync(path.join(dir, 'late.svg'));
      fs.symlinkSync(path.join(outside, 'secret.svg'), path.join(dir, 'late.svg'));
      expect(await print()).toEqual(['refused late.svg']);
    } finally {
      await session.close();
    }
  }, 60_000);
});
