/**
 * The build, stage by stage: config → content → markdown → layout → print →
 * assemble → report. This file only sequences the stages; each lives in its
 * own folder under src/.
 */
import fs from 'node:fs';
import { setImmediate as letOtherWorkRun } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { loadBookConfig } from './config/load-config.ts';
import type { BookConfig, EditionConfig } from './config/types.ts';
import { BuildFailedError, DiagnosticBag, failIfFatal } from './diagnostics/diagnostic.ts';
import { forgetPrepareMemos, prepareJobs } from './edition/prepare-jobs.ts';
import type { OutputContext } from './edition/build-outputs.ts';
import type { LanguageInputs } from './edition/parse-ahead.ts';
import { ConcordanceRegistry } from './edition/concordance.ts';
import { loadTemplates } from './layout/templates.ts';
import { checkEditionNames } from './layout/templates.ts';
import { packageDir, BOOK_FONTS, WHOLE_FONTS } from './layout/fonts.ts';
import { resolveBrowser, resolveRemoteBrowser, type ResolvedBrowser } from './print/resolve-browser.ts';
import { browserSalt, remoteSalt } from './print/browser-salt.ts';
import type { PrintService } from './print/print-service.ts';
import { BuildCache } from './cache/build-cache.ts';
import { ParsedChapterStore } from './cache/parsed-chapters.ts';
import { courseSources, locateRequest, requestDiagnostic, type RequestProblem, type SourceFile } from './print/request-problems.ts';
import { StagedOutput } from './report/atomic-write.ts';
import { acquireOutputLock } from './report/output-lock.ts';
import { manifestJson, type Manifest, type ManifestOutput } from './report/manifest.ts';
import { resolveBuildDate } from './build-date.ts';
import { inputsDigest, listFiles } from './inputs-digest.ts';
import { buildKey, recordBuild, upToDateOutputs } from './up-to-date.ts';
import { BUILTIN_STYLES, BUILTIN_TEMPLATES, PROJECT_ROOT, VERSION } from './project-paths.ts';
import { trace } from './trace.ts';
import { importInTurn } from './import-in-turn.ts';

import { BuildAbortedError, type BuildOptions, type BuildResult } from './build-options.ts';

export { BuildAbortedError, type BuildOptions, type BuildResult };

export async function build(options: BuildOptions): Promise<BuildResult> {
  const root = path.resolve(options.root);
  const outDir = path.resolve(options.outDir ?? path.join(root, 'output'));
  const log = options.log ?? (() => undefined);
  const bag = new DiagnosticBag();
  const strict = options.strict ?? false;

  // config
  const config = loadBookConfig(root, bag);
  if (!config) throw new BuildFailedError(bag.items);
  const langs = selectLangs(config, options.langs, bag);
  const editions = selectEditions(config, options.editions, bag);
  const templates = loadTemplates(templateDirs(root), root, bag);
  if (templates)
    checkEditionNames(
      templates,
      config.editions.map((e) => e.name),
      root,
      bag,
    );
  failIfFatal(bag, strict);
  // Templates that did not load reported an error, which failIfFatal threw.
  if (!templates) throw new BuildFailedError(bag.items);
  // Checked before anything is written: a mistyped URL leaves no output folder behind.
  const remote = resolveRemoteBrowser(options.browserUrl);

  const digest = inputsDigest(
    {
      content: path.join(root, 'content'),
      templates: path.join(root, 'templates'),
      styles: path.join(root, 'styles'),
      locales: path.join(root, 'locales'),
      builtinTemplates: BUILTIN_TEMPLATES,
      builtinStyles: BUILTIN_STYLES,
    },
    `coursebook ${VERSION}\n${fs.readFileSync(config.file, 'utf8')}`,
  );

  trace('config and inputs digest read');
  const buildDate = resolveBuildDate(root, listFiles(path.join(root, 'content')).concat(config.file));
  const cacheDir = options.cache === false ? null : path.join(root, '.coursebook-cache');
  // A remote browser's version is known only once connected: such builds never skip as up to date.
  const local = remote ? null : await resolveBrowser(options.browser);
  const key =
    local &&
    buildKey({
      inputsDigest: digest,
      buildDate,
      browserSalt: browserSalt(local),
      outDir,
      langs,
      editions: editions.map((e) => e.name),
      preflight: options.preflight ?? true,
    });
  // Nothing changed since the build that wrote these outputs: done before any chapter is parsed or browser started.
  // Under the output folder's lock: a folder another build is writing is never reported up to date.
  let current: ReturnType<typeof upToDateOutputs> = null;
  if (cacheDir && key && !options.keepHtml) {
    const release = acquireOutputLock(outDir);
    try {
      current = upToDateOutputs(cacheDir, key, outDir);
    } finally {
      release();
    }
  }
  if (current) {
    trace('outputs up to date');
    if (strict && current.diagnostics.length) throw new BuildFailedError(current.diagnostics);
    log('nothing changed since the last build: outputs are up to date');
    return {
      outDir,
      manifest: current.manifest,
      diagnostics: current.diagnostics,
      upToDate: true,
      printed: 0,
      reused: 0,
      ...(options.check ? { stale: [] } : {}),
    };
  }

  // After an edit: the worker parses the parts the editions will likely reuse while they are prepared
  // (and the stages below load).
  let previous: { edited: number; unknown: number } | null = null;
  let languageInputs: LanguageInputs | undefined;
  if (cacheDir && !options.check) {
    const { LanguageInputs: Inputs, parseAheadPreviousParts } = await import('./edition/parse-ahead.ts');
    languageInputs = new Inputs(config);
    previous = parseAheadPreviousParts(
      cacheDir,
      languageInputs,
      langs,
      editions.map((e) => e.name),
    );
  }

  // The print and assembly stages are loaded only now: a build that finds nothing to do does without them.
  // One after the other: jest's module loader fails on concurrent imports sharing a dependency.
  const { buildOutputs, startAssembly } = await import('./edition/build-outputs.ts');
  if (!options.check) startAssembly();
  const { NotInCacheError, PrintService } = await import('./print/print-service.ts');
  const { BrowserSession: Session } = await import('./print/browser-session.ts');
  // pdf-lib and fontkit: on this thread, needed only once the first documents are printed (handouts.pdf is joined here).
  const handoutsOutput = (): Promise<typeof import('./edition/handouts-output.ts')> =>
    importInTurn(() => import('./edition/handouts-output.ts'));

  // content → markdown → layout, one edition at a time (see prepareJobs)
  const concordance = new ConcordanceRegistry();
  const parsedStore = new ParsedChapterStore(cacheDir);
  const pending = prepareJobs(config, langs, editions, templates, buildDate, bag, parsedStore);
  // Parsed chapters are written for the next build once every document is printed: the thread then only waits for the assembly.
  const saveParsed = (): void => {
    if (!options.check) parsedStore.flush();
  };

  // print → assemble → report
  const releaseLock = acquireOutputLock(outDir);
  const staged = new StagedOutput(outDir);
  const htmlDir = options.sharedBrowser?.htmlDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-html-'));
  let printer: PrintService | null = null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a local browser was resolved above whenever no remote one is given
    const browser = remote ?? local!;
    // A remote browser is asked its version (which the build cache is keyed by) on the session that prints.
    const remoteSession = remote ? await Session.connect(remote) : null;
    const salt = remoteSession ? await remoteSalt(remoteSession) : browserSalt(browser as ResolvedBrowser);
    log(
      remote
        ? `browser: ${remote.endpoint} (${remote.source}), ${salt}`
        : `browser: ${(browser as ResolvedBrowser).executablePath} (${browser.source})`,
    );
    const cache = new BuildCache(cacheDir, salt);
    printer = new PrintService(
      browser,
      {
        allowedRoots: [root, PROJECT_ROOT, htmlDir, ...FONT_PACKAGES.map(packageDir)],
        contentRoots: [root],
        loadTimeoutMs: options.loadTimeoutMs ?? 120_000,
        printTimeoutMs: options.printTimeoutMs ?? 10 * 60_000,
      },
      cache,
      options.jobs ?? os.cpus().length,
      options.check ?? false,
      options.onProgress,
      requestProblemReporter(root, htmlDir, bag),
      options.sharedBrowser?.browser ?? null,
    );
    if (remoteSession) printer.adopt(remoteSession);
    const stop = (): void => void printer?.close();
    options.signal?.addEventListener('abort', stop, { once: true });
    if (options.signal?.aborted) throw new BuildAbortedError();
    const ctx: OutputContext = {
      course: { config, templates, buildDate, ...(languageInputs ? { languageInputs } : {}) },
      printing: { printer, htmlDir },
      output: { staged, preflight: options.preflight ?? true },
      reporting: { bag, log },
      concordance,
    };
    // Chromium starts (in its own processes) while the first edition is prepared: its
    // launch is off the critical path. A content error still stops the build before
    // anything is printed, and the browser is closed on the way out.
    // After an edit of chapters only, each edited edition likely prints one part: a tab each will do, and
    // a second tab's renderer would start for nothing while the build is short of CPU (more open on demand).
    if (!options.check) printer.warmUp(previous && previous.unknown === 0 && previous.edited > 0 ? previous.edited : undefined);
    const first = await pending.next();
    failIfFatal(bag, strict);
    // Each edition goes to the printer as soon as it is prepared, and is assembled as soon as its own
    // parts are back; the next edition is prepared meanwhile.
    const running: Promise<ManifestOutput[]>[] = [];
    // Closing the browser takes a few tenths of a second of the build's end: it is closed as soon as
    // every edition has printed all it prints, while the last books are still assembled.
    const printing: Promise<void>[] = [];
    for (let next = first; !next.done; next = await pending.next()) {
      if (options.signal?.aborted) break; // interrupted: prepare nothing more (the jobs already running are settled below)
      let printsDone!: () => void;
      printing.push(new Promise<void>((resolve) => (printsDone = resolve)));
      // The handouts' assembly (and the font subsetter it loads) is imported only for a course that has handouts.
      const prepared = next.value;
      const job =
        'handouts' in prepared
          ? handoutsOutput().then(({ buildHandouts }) => buildHandouts(prepared.handouts, ctx))
          : buildOutputs(prepared, { ...ctx, printing: { ...ctx.printing, printsDone } });
      job.catch(() => undefined); // settled below
      void job.then(printsDone, printsDone);
      running.push(job);
      // A turn of the event loop before the next edition's preparation (synchronous work between
      // chapters) takes the thread: the job just started sends its first documents to the printer.
      await letOtherWorkRun();
    }
    log(`prepared ${running.length} edition(s)`);
    if (options.once) forgetPrepareMemos();
    void Promise.all(printing)
      .then(() => {
        saveParsed();
        return printer?.close();
      })
      .catch(() => undefined); // awaited again on the way out
    if (bag.isFatal(strict)) {
      await settleAll(running, () => printer?.close()).catch(() => undefined);
      throw new BuildFailedError(bag.items);
    }
    let outputs: ManifestOutput[][];
    try {
      outputs = await settleAll(running, () => printer?.close());
    } catch (error) {
      if (options.signal?.aborted) throw new BuildAbortedError();
      if (error instanceof NotInCacheError && options.check) {
        staged.discard();
        return {
          outDir,
          manifest: readManifest(outDir),
          diagnostics: bag.items,
          printed: 0,
          reused: cache.hits,
          stale: [`${path.relative(htmlDir, error.htmlFile)} (not built from the current inputs)`],
        };
      }
      throw error;
    }
    options.signal?.removeEventListener('abort', stop);
    if (options.signal?.aborted) throw new BuildAbortedError();
    failIfFatal(bag, strict);
    const manifest: Manifest = { generator: `coursebook ${VERSION}`, inputsDigest: digest, outputs: outputs.flat() };
    if (options.keepHtml) keepHtml(htmlDir, staged);
    const manifestText = manifestJson(manifest);
    staged.write('manifest.json', manifestText);
    if (options.check) {
      const stale = staged.differences();
      staged.discard();
      return { outDir, manifest, diagnostics: bag.items, printed: 0, reused: cache.hits, stale };
    }
    staged.commit('manifest.json');
    if (cacheDir && key) recordBuild(cacheDir, key, manifestText, bag.items);
    saveParsed();
    parsedStore.prune();
    cache.prune();
    log(`printed ${printer.printed} document(s), ${cache.hits} reused from the cache`);
    return { outDir, manifest, diagnostics: bag.items, printed: printer.printed, reused: cache.hits };
  } catch (error) {
    staged.discard();
    throw error;
  } finally {
    await printer?.close();
    if (!options.sharedBrowser) fs.rmSync(htmlDir, { recursive: true, force: true });
    releaseLock();
  }
}

/**
 * Turns what the browser refused or failed to load into warnings at the
 * course file and line that asked for it, once per URL and place (every
 * edition prints the same chapter), and not where the Markdown stage already
 * reported the same URL on that line (a remote image, say).
 */
function requestProblemReporter(root: string, htmlDir: string, bag: DiagnosticBag): (htmlFile: string, problems: RequestProblem[]) => void {
  let sources: SourceFile[] | null = null;
  const reported = new Set<string>();
  return (htmlFile, problems) => {
    sources ??= courseSources(root);
    const [lang] = path.relative(htmlDir, htmlFile).split(path.sep);
    // Sorted: the browser issues a document's requests in no fixed order.
    for (const problem of [...problems].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))) {
      const place = locateRequest(problem.url, sources, root, lang);
      const key = `${problem.url}\n${place?.file ?? ''}:${place?.line ?? ''}`;
      if (reported.has(key)) continue;
      reported.add(key);
      if (place && bag.items.some((d) => d.file === place.file && d.line === place.line && d.message.includes(problem.url))) continue;
      bag.warn(requestDiagnostic(problem, place, { root, htmlFolder: path.dirname(htmlFile) }, path.relative(htmlDir, htmlFile)));
    }
  };
}

/**
 * Like Promise.all, but on the first failure stops the printer and still
 * waits for every job to end, so nothing keeps running (or restarts a
 * browser) after the build has failed.
 */
async function settleAll<T>(promises: Promise<T>[], onFirstFailure: () => Promise<void> | undefined): Promise<T[]> {
  let stopping: Promise<void> | undefined;
  let firstError: { error: unknown } | undefined;
  const results = await Promise.allSettled(
    promises.map((p) =>
      p.catch((error: unknown) => {
        firstError ??= { error }; // the cause, not the "printing stopped" of the jobs cut short after it
        stopping ??= onFirstFailure() ?? Promise.resolve();
        throw error;
      }),
    ),
  );
  await stopping;
  if (firstError) throw firstError.error;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

const FONT_PACKAGES = [...new Set([...BOOK_FONTS, ...WHOLE_FONTS].map((font) => font.pkg))];

function templateDirs(root: string): string[] {
  const own = path.join(root, 'templates');
  return path.resolve(own) === path.resolve(BUILTIN_TEMPLATES) ? [BUILTIN_TEMPLATES] : [own, BUILTIN_TEMPLATES];
}

function selectLangs(config: BookConfig, requested: string[] | undefined, bag: DiagnosticBag): string[] {
  if (!requested?.length) return config.languages;
  for (const lang of requested.filter((l) => !config.languages.includes(l))) {
    bag.error({
      code: 'cli/unknown-lang',
      message: `language "${lang}" is not declared in book.yaml`,
      file: 'book.yaml',
      hint: `choose among: ${config.languages.join(', ')}`,
    });
  }
  return config.languages.filter((l) => requested.includes(l));
}

function selectEditions(config: BookConfig, requested: string[] | undefined, bag: DiagnosticBag): EditionConfig[] {
  if (!requested?.length) return config.editions;
  const names = config.editions.map((e) => e.name);
  for (const name of requested.filter((n) => !names.includes(n))) {
    bag.error({
      code: 'cli/unknown-edition',
      message: `edition "${name}" is not declared in book.yaml`,
      file: 'book.yaml',
      hint: `choose among: ${names.join(', ')}`,
    });
  }
  return config.editions.filter((e) => requested.includes(e.name));
}

function readManifest(outDir: string): Manifest {
  try {
    return JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return { generator: '', inputsDigest: '', outputs: [] };
  }
}

function keepHtml(htmlDir: string, staged: StagedOutput): void {
  for (const file of listFiles(htmlDir)) {
    staged.write(path.join('.html', path.relative(htmlDir, file)), fs.readFileSync(file));
  }
}
