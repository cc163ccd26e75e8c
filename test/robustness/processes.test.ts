/**
 * No Chromium outlives a build: after success, after a failure once the
 * browser runs, and after Ctrl-C. Browser processes are found by walking the
 * process tree down from the build's own process (this jest worker, or the
 * CLI child), and checked again by pid afterwards, so a browser that outlived
 * its parent is still seen, and other builds on the machine are never counted.
 */
import { afterEach, beforeAll, afterAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../src/build.ts';
import { BrowserSession } from '../../src/print/browser-session.ts';
import { resolveBrowser } from '../../src/print/resolve-browser.ts';
import { PrintService } from '../../src/print/print-service.ts';
import { BuildCache } from '../../src/cache/build-cache.ts';
import type { Browser } from 'puppeteer-core';
import { BrowserWatch, chapter, leftovers, SOURCE_DATE_EPOCH, startCli, tempArea, writeCourse, type CliResult } from './helpers.ts';

const area = tempArea('processes');
const watches: BrowserWatch[] = [];
const watch = (pid: number): BrowserWatch => {
  const created = new BrowserWatch(pid);
  watches.push(created);
  return created;
};
const previousEpoch = process.env.SOURCE_DATE_EPOCH;

beforeAll(() => {
  process.env.SOURCE_DATE_EPOCH = SOURCE_DATE_EPOCH;
});

afterEach(async () => {
  // Hygiene when a test failed: end what it started, by pid, and nothing else.
  for (const w of watches.splice(0)) {
    await w.stop();
    await w.killLeftovers();
  }
});

afterAll(() => {
  process.env.SOURCE_DATE_EPOCH = previousEpoch;
  if (previousEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  area.cleanup();
});

/**
 * A course whose only figure is a FIFO: the browser's read of it blocks until
 * a writer opens it, which never happens, so loading the book never ends.
 */
function stuckCourse(): string {
  const root = writeCourse(area.dir, { 'content/en/01-a.md': chapter('Alpha', 'Text.', '', '![Never loads](images/stuck.png)') });
  fs.mkdirSync(path.join(root, 'content/en/images'), { recursive: true });
  execFileSync('mkfifo', [path.join(root, 'content/en/images/stuck.png')]);
  return root;
}

describe('no browser process is left', () => {
  test('after a successful build (library API, in this process)', async () => {
    const root = writeCourse(area.dir);
    const w = watch(process.pid).start(100);
    await build({ root, log: () => undefined, jobs: 1 });
    await w.stop();
    expect(w.seen.size).toBeGreaterThan(0); // the watch did see the browser while it ran
    expect(await w.aliveAfter(2000)).toEqual([]);
  }, 120_000);

  test('after a successful build (CLI), which exits promptly once its outputs are written', async () => {
    const root = writeCourse(area.dir);
    const { child, done } = startCli(['build', '--root', root]);
    const w = watch(child.pid!).start(100);
    let lastOutputAt = 0;
    child.stderr!.on('data', (chunk: string) => {
      if (chunk.includes('participant-cover.pdf')) lastOutputAt = Date.now();
    });
    const result = await done;
    const exitedAt = Date.now();
    await w.stop();
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(w.seen.size).toBeGreaterThan(0);
    expect(await w.aliveAfter(2000)).toEqual([]);
    expect(lastOutputAt).toBeGreaterThan(0); // the CLI listed its outputs
    // Nothing may keep the process alive after the build (such as a pending 5 s timer).
    expect(exitedAt - lastOutputAt).toBeLessThan(3500);
  }, 120_000);

  test('after a build that fails once the browser runs: the load times out (--timeout 3) and the message says so', async () => {
    const root = stuckCourse();
    const out = path.join(root, 'output');
    const { child, done } = startCli(['build', '--root', root, '--out', out, '--timeout', '3']);
    const w = watch(child.pid!).start(100);
    // Printing one small document takes under a second: 3 s to time out, some to start and to close the browser.
    const deadline = setTimeout(() => child.kill('SIGKILL'), 60_000);
    // Node itself must never wait on the FIFO: no timeout would end that wait, and it would not even see Ctrl-C.
    let nodeWaitedOnFifo = false;
    const spy = setInterval(() => {
      if (blockedOnFifo([child.pid!]).length === 0) return;
      nodeWaitedOnFifo = true;
      child.kill('SIGKILL');
    }, 1000);
    const result = await done.finally(() => {
      clearTimeout(deadline);
      clearInterval(spy);
    });
    await w.stop();
    expect({ nodeWaitedOnFifo }).toEqual({ nodeWaitedOnFifo: false });
    expect(w.seen.size).toBeGreaterThan(0);
    expect({ code: result.code, signal: result.signal, stderr: result.stderr }).toEqual({
      code: 1,
      signal: null,
      stderr: expect.stringMatching(/the browser did not finish in time/),
    });
    expect(await w.aliveAfter(5000)).toEqual([]);
    expect(fs.existsSync(path.join(out, 'manifest.json'))).toBe(false);
    expect(leftovers(out)).toEqual([]);
  }, 120_000);
});

/** The exit status as a shell reports it: the code, or 128 + the number of the signal that ended the process. */
const exitStatus = (result: CliResult): number | null => result.code ?? (result.signal ? 128 + os.constants.signals[result.signal] : null);

describe('Ctrl-C', () => {
  /** Starts the CLI, waits until `ready` says so, sends SIGINT, and returns what happened. */
  async function interrupt(root: string, ready: (cliPid: number, w: BrowserWatch) => Promise<void>) {
    const out = path.join(root, 'output');
    const { child, done } = startCli(['build', '--root', root, '--out', out]);
    const w = watch(child.pid!);
    const deadline = setTimeout(() => child.kill('SIGKILL'), 90_000);
    try {
      // A CLI that ends before the moment the test waits for (an error, say) is reported with its stderr.
      const endedEarly = done.then((early) => {
        throw new Error(`the CLI ended before the moment to interrupt it (code ${early.code}, signal ${early.signal}): ${early.stderr}`);
      });
      const readyNow = ready(child.pid!, w);
      for (const pending of [endedEarly, readyNow]) pending.catch(() => undefined); // the race reports the first
      await Promise.race([readyNow, endedEarly]);
      child.kill('SIGINT');
      // Keep looking while the CLI lives: browser processes starting meanwhile are remembered too.
      w.start(50);
      const result = await done;
      await w.stop();
      return { result, w, out };
    } finally {
      clearTimeout(deadline);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }

  test('while the browser loads the book: exit status 130, and no browser process 5 s later', async () => {
    // The stuck figure keeps the browser loading for as long as the test needs. The moment it
    // is loading is seen in the kernel: one of its threads waits in open() for the FIFO's writer.
    const { result, w, out } = await interrupt(stuckCourse(), async (cliPid, w) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const blocked = blockedOnFifo([cliPid, ...(await w.poll()).map((r) => r.pid)]);
        // The page load must be what waits, not the CLI itself (node blocked in a read would not even see Ctrl-C).
        expect(blocked).not.toContain(cliPid);
        if (blocked.length) return;
        if (Date.now() > deadline) throw new Error('the browser never started to load the book');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    expect({ status: exitStatus(result), stderr: result.stderr }).toEqual({ status: 130, stderr: expect.any(String) });
    expect(await w.aliveAfter(5000)).toEqual([]);
    expect(fs.readdirSync(out).filter((f) => f.startsWith('.staging-'))).toEqual([]);
  }, 120_000);

  test('while the browser is still starting: exit status 130, and no browser process 5 s later', async () => {
    const { result, w, out } = await interrupt(writeCourse(area.dir), async (_cliPid, w) => {
      await w.waitFor((rows) => rows.length > 0, 60_000, 20);
    });
    expect({ status: exitStatus(result), stderr: result.stderr }).toEqual({ status: 130, stderr: expect.any(String) });
    expect(await w.aliveAfter(5000)).toEqual([]);
    expect(fs.existsSync(out) ? fs.readdirSync(out).filter((f) => f.startsWith('.staging-')) : []).toEqual([]);
  }, 120_000);
});

describe('closing the browser session', () => {
  test('a print waiting on a page that never loads ends at once, with a clear reason', async () => {
    // Puppeteer can leave a navigation or page.close() pending for ever once its connection is gone;
    // if the build awaited it, node would exit mid-build (status 13) instead of unwinding.
    const dir = fs.mkdtempSync(path.join(area.dir, 'session-'));
    execFileSync('mkfifo', [path.join(dir, 'stuck.png')]);
    fs.writeFileSync(path.join(dir, 'page.html'), '<!doctype html><p>Waiting <img src="stuck.png"></p>');
    const session = await BrowserSession.launch(await resolveBrowser(undefined));
    const w = watch(process.pid);
    const printing = session.printHtmlFile(path.join(dir, 'page.html'), {
      allowedRoots: [dir],
      tagged: false,
      loadTimeoutMs: 60_000,
      printTimeoutMs: 60_000,
    });
    printing.catch(() => undefined);
    const deadline = Date.now() + 30_000;
    while (blockedOnFifo((await w.poll()).map((r) => r.pid)).length === 0) {
      if (Date.now() > deadline) throw new Error('the browser never started to load the page');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const closedAt = Date.now();
    await session.close();
    await expect(printing).rejects.toThrow(/closed/i);
    expect(Date.now() - closedAt).toBeLessThan(5000);
    expect(await w.aliveAfter(1000)).toEqual([]);
  }, 60_000);
});

describe('a page whose renderer crashes', () => {
  test('while printing: the document is printed again on a fresh tab of the same browser', async () => {
    const dir = fs.mkdtempSync(path.join(area.dir, 'crash-'));
    const image = path.join(dir, 'slow.png');
    execFileSync('mkfifo', [image]);
    fs.writeFileSync(path.join(dir, 'page.html'), '<!doctype html><p>Crash test <img src="slow.png" alt=""></p>');
    const printer = new PrintService(
      await resolveBrowser(undefined),
      { allowedRoots: [dir], loadTimeoutMs: 60_000, printTimeoutMs: 60_000 },
      new BuildCache(null, 'test'),
      1,
    );
    const w = watch(process.pid);
    try {
      const printing = printer.print({
        htmlFile: path.join(dir, 'page.html'),
        html: fs.readFileSync(path.join(dir, 'page.html'), 'utf8'),
        tagged: false,
      });
      printing.catch(() => undefined);
      // The first load waits on the FIFO; the image is then made a plain file for the retry, and
      // the page's renderer is crashed (as an out-of-memory kill would) through the DevTools protocol.
      const deadline = Date.now() + 30_000;
      while (blockedOnFifo((await w.poll()).map((r) => r.pid)).length === 0) {
        if (Date.now() > deadline) throw new Error('the browser never started to load the page');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const browserPid = (await w.poll()).find((r) => r.ppid === process.pid)?.pid;
      fs.rmSync(image);
      fs.writeFileSync(
        image,
        Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
      );
      const browser = Reflect.get(Reflect.get(printer, 'session') as object, 'browser') as Browser;
      const page = (await browser.pages()).find((p) => p.url().endsWith('/page.html'))!;
      let crashes = 0;
      page.on('error', () => crashes++);
      const crashedAt = Date.now();
      await (await page.createCDPSession()).send('Page.crash').catch(() => undefined);
      const pdf = await printing;
      // Noticed at once, not waited out: the load timeout is 60 s.
      expect(Date.now() - crashedAt).toBeLessThan(30_000);
      expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
      expect(printer.printed).toBe(1);
      // Same browser: only the page was replaced.
      expect(browserPid).toBeDefined();
      expect(crashes).toBe(1);
      expect((await w.poll()).find((r) => r.ppid === process.pid)?.pid).toBe(browserPid);
    } finally {
      await printer.close();
    }
    expect(await w.aliveAfter(1000)).toEqual([]);
  }, 90_000);
});

/** Which of `pids` have a thread asleep in the kernel waiting to open a FIFO (`wait_for_partner`, from /proc). */
function blockedOnFifo(pids: number[]): number[] {
  return pids.filter((pid) => {
    try {
      return fs.readdirSync(`/proc/${pid}/task`).some((tid) => {
        try {
          return /wait_for_partner|fifo_open/.test(fs.readFileSync(`/proc/${pid}/task/${tid}/wchan`, 'utf8'));
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  });
}
