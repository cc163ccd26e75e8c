import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { pandocBackendInfo } from './backend.ts';
import { argsToDefaults } from './defaults-file.ts';
import { PandocError } from './request.ts';
import { runPandoc } from './run.ts';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-pandoc-test-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A fake `pandoc` executable: prints a version; converts by copying its input to its output. */
function fakePandoc(dir: string, version: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'pandoc');
  fs.writeFileSync(
    file,
    `#!/bin/sh
if [ "$1" = "--version" ]; then echo "pandoc ${version}"; echo "Features: +lua"; exit 0; fi
if [ -n "$FAKE_PANDOC_FAIL" ]; then echo "pandoc: Unknown input format nosuch" >&2; exit 21; fi
out=""; input=""; args=""
while [ $# -gt 0 ]; do
  case "$1" in
    --output) out="$2"; shift ;;
    --from|--to) shift ;;
    -*) args="$args $1" ;;
    *) input="$1" ;;
  esac
  shift
done
if [ -n "$input" ]; then cat "$input" > "$out"; else cat > "$out"; fi
echo "args:$args" >> "$out"
mkdir -p media/media && printf 'm' > media/media/x.bin
echo "[WARNING] Something odd" >&2
echo "  over two lines" >&2
echo "[INFO] Not a warning" >&2
exit 0
`,
  );
  fs.chmodSync(file, 0o755);
  return file;
}

describe('backend choice', () => {
  it('uses pandoc-wasm when there is no pandoc on the PATH', () => {
    const empty = path.join(tmp, 'empty-bin');
    fs.mkdirSync(empty, { recursive: true });
    const info = pandocBackendInfo({ PATH: empty });
    expect(info.backend).toBe('wasm');
    expect(info.reason).toMatch(/no pandoc on the PATH/);
  });

  const posix = process.platform === 'win32' ? it.skip : it;

  posix('prefers a pandoc 3 on the PATH', () => {
    const bin = path.join(tmp, 'bin3');
    const exe = fakePandoc(bin, '3.1.11');
    const info = pandocBackendInfo({ PATH: `${bin}${path.delimiter}/nowhere` });
    expect(info).toMatchObject({ backend: 'system', executable: exe, version: '3.1.11' });
  });

  posix('passes over a pandoc 2 (no Figure blocks) for pandoc-wasm', () => {
    const bin = path.join(tmp, 'bin2');
    fakePandoc(bin, '2.19.2');
    const info = pandocBackendInfo({ PATH: bin });
    expect(info.backend).toBe('wasm');
    expect(info.reason).toMatch(/2\.19\.2 .* older than 3\.0/);
  });

  posix('obeys COURSEBOOK_PANDOC', () => {
    const bin = path.join(tmp, 'bin3');
    const exe = fakePandoc(bin, '3.1.11');
    expect(pandocBackendInfo({ PATH: bin, COURSEBOOK_PANDOC: 'wasm' }).backend).toBe('wasm');
    expect(pandocBackendInfo({ PATH: '/nowhere', COURSEBOOK_PANDOC: exe })).toMatchObject({ backend: 'system', executable: exe });
    const forced = pandocBackendInfo({ PATH: '/nowhere', COURSEBOOK_PANDOC: 'system' });
    expect(forced.backend).toBe('system');
    expect(forced.executable).toBeUndefined();
  });
});

describe('argsToDefaults (pandoc-wasm takes a defaults file)', () => {
  it('maps command-line options to defaults-file keys', () => {
    expect(
      argsToDefaults([
        '--wrap=none',
        '--columns',
        '72',
        '-s',
        '--toc',
        '--extract-media=media',
        '--lua-filter=a.lua',
        '-L',
        'b.lua',
        '-M',
        'lang=fr',
        '--metadata=dir:rtl',
        '--resource-path=.:img',
      ]),
    ).toEqual({
      wrap: 'none',
      columns: 72,
      standalone: true,
      'table-of-contents': true,
      'extract-media': 'media',
      filters: ['a.lua', 'b.lua'],
      metadata: { lang: 'fr', dir: 'rtl' },
      'resource-path': ['.', 'img'],
    });
  });
});

describe('runPandoc (default backend: pandoc on the PATH, else pandoc-wasm)', () => {
  it('converts text', async () => {
    const result = await runPandoc({ input: '# Hello\n\n*x*\n', from: 'markdown', to: 'html' });
    expect(text(result.output)).toContain('<h1 id="hello">Hello</h1>');
    expect(text(result.output)).toContain('<em>x</em>');
    expect(result.warnings).toEqual([]);
  });

  it('reads resources, writes binary output, reads binary input and returns extracted media', async () => {
    const docx = await runPandoc({
      input: '![A picture](pic.png)\n\nText.\n',
      from: 'markdown',
      to: 'docx',
      resources: { 'pic.png': new Uint8Array(PNG) },
    });
    expect(Buffer.from(docx.output.subarray(0, 2)).toString()).toBe('PK');

    const back = await runPandoc({ input: docx.output, from: 'docx', to: 'markdown', args: ['--extract-media=media'] });
    const media = Object.entries(back.mediaFiles);
    expect(media).toHaveLength(1);
    expect(media[0]![0]).toMatch(/^media\/.*\.png$/);
    expect(Buffer.from(media[0]![1]).equals(PNG)).toBe(true);
    expect(text(back.output)).toContain(media[0]![0]);
  });

  it('reports warnings', async () => {
    const result = await runPandoc({ input: '![x](missing.png)\n', from: 'markdown', to: 'docx' });
    expect(result.warnings.join('\n')).toMatch(/missing\.png/);
  });

  it('runs concurrent calls one after the other on one instance', async () => {
    const outputs = await Promise.all(['a', 'b', 'c'].map((word) => runPandoc({ input: `*${word}*`, from: 'markdown', to: 'html' })));
    expect(outputs.map((o) => text(o.output).trim())).toEqual(['<p><em>a</em></p>', '<p><em>b</em></p>', '<p><em>c</em></p>']);
  });

  it('throws a PandocError carrying stderr on invalid input', async () => {
    const error = await runPandoc({ input: new Uint8Array([1, 2, 3, 4]), from: 'docx', to: 'markdown' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandocError);
    const pandocError = error as PandocError;
    expect(pandocError.message).toMatch(/^pandoc could not convert docx to markdown: .*docx container/);
    expect(pandocError.stderr).toMatch(/docx container/);
    expect(pandocError.reason).not.toMatch(/^ERROR/);
  });

  it('throws a PandocError on an unknown format', async () => {
    await expect(runPandoc({ input: 'x', from: 'nosuch', to: 'html' })).rejects.toThrow(/Unknown input format nosuch|nosuch/);
  });

  it('refuses resource names with folders and output options', async () => {
    await expect(runPandoc({ input: 'x', from: 'markdown', to: 'html', resources: { 'images/a.png': PNG } })).rejects.toThrow(PandocError);
    await expect(runPandoc({ input: 'x', from: 'markdown', to: 'html', args: ['-o', 'out.html'] })).rejects.toThrow(/no output option/);
  });
});

(process.platform === 'win32' ? describe.skip : describe)('system backend (a fake pandoc)', () => {
  const saved = { forced: process.env.COURSEBOOK_PANDOC, fail: process.env.FAKE_PANDOC_FAIL };
  afterEach(() => {
    if (saved.forced === undefined) delete process.env.COURSEBOOK_PANDOC;
    else process.env.COURSEBOOK_PANDOC = saved.forced;
    if (saved.fail === undefined) delete process.env.FAKE_PANDOC_FAIL;
    else process.env.FAKE_PANDOC_FAIL = saved.fail;
  });

  it('feeds text on stdin, bytes as a file, resources in its folder; collects output, media and warnings', async () => {
    process.env.COURSEBOOK_PANDOC = fakePandoc(path.join(tmp, 'fake'), '3.2');
    const fromText = await runPandoc({ input: 'hello', from: 'markdown', to: 'html', args: ['--wrap=none'] });
    expect(text(fromText.output)).toBe('helloargs: --wrap=none\n');
    expect(Object.keys(fromText.mediaFiles)).toEqual(['media/media/x.bin']);
    expect(fromText.warnings).toEqual(['Something odd over two lines']);

    const fromBytes = await runPandoc({ input: new Uint8Array([104, 105]), from: 'docx', to: 'json', resources: { 'r.png': PNG } });
    expect(text(fromBytes.output)).toBe('hiargs:\n');
    // Resources are not media: only files pandoc made come back.
    expect(Object.keys(fromBytes.mediaFiles)).toEqual(['media/media/x.bin']);
  });

  it('turns a non-zero exit into a PandocError', async () => {
    process.env.COURSEBOOK_PANDOC = fakePandoc(path.join(tmp, 'fake'), '3.2');
    process.env.FAKE_PANDOC_FAIL = '1';
    const error = (await runPandoc({ input: 'x', from: 'nosuch', to: 'html' }).catch((e: unknown) => e)) as PandocError;
    expect(error).toBeInstanceOf(PandocError);
    expect(error.message).toBe('pandoc could not convert nosuch to html: Unknown input format nosuch');
    expect(error.stderr).toContain('pandoc: Unknown input format nosuch');
  });
});
