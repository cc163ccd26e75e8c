/**
 * The build, stage by stage: config → content → markdown → layout → print →
 * assemble → report. This file only sequences the stages; each lives in its
 * own folder under src/.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { loadBookConfig } from './config/load-config.ts';
import type { BookConfig, EditionConfig } from './config/types.ts';
import { loadChapters } from './content/load-chapters.ts';
import { BuildFailedError, DiagnosticBag, failIfFatal, type Diagnostic } from './diagnostics/diagnostic.ts';
import { prepareEdition, type PreparedEdition } from './edition/prepare-edition.ts';
import { BUILTIN_LOCALES_DIR, loadLocale, type Locale } from './layout/locale.ts';
import { loadTemplates, type TemplateSet } from './layout/templates.ts';
import { coverGeometry, renderCoverHtml } from './layout/render-cover.ts';
import { renderFurnitureHtml, type FurnitureText } from './layout/render-furniture.ts';
import { checkEditionNames, findOverridable } from './layout/templates.ts';
import { fontFaceCss, packageDir, stampFontFile } from './layout/fonts.ts';
import { resolveBrowser, type ResolvedBrowser } from './print/resolve-browser.ts';
import { NotInCacheError, PrintService, type PrintProgress } from './print/print-service.ts';
import { PrintCache } from './print/print-cache.ts';
import { assembleInterior } from './assemble/assemble-interior.ts';
import { assembleCover } from './assemble/assemble-cover.ts';
import type { BookMetadata } from './assemble/metadata.ts';
import { StagedOutput } from './report/atomic-write.ts';
import { acquireOutputLock } from './report/output-lock.ts';
import { manifestJson, sha256, type Manifest, type ManifestOutput } from './report/manifest.ts';
import { resolveBuildDate } from './build-date.ts';
import { inputsDigest, listFiles } from './inputs-digest.ts';
import { findLeaks, letters, probesFor } from './report/leak-guard.ts';
import { pdfText } from './report/pdf-text.ts';
import type { PDFDocument } from 'pdf-lib';
import { BUILTIN_STYLES, BUILTIN_TEMPLATES, PROJECT_ROOT, VERSION } from './project-paths.ts';

export interface BuildOptions {
  /** Course folder (holds book.yaml). */
  root: string;
  /** Output folder; default `<root>/output`. */
  outDir?: string;
  langs?: string[];
  editions?: string[];
  browser?: string;
  strict?: boolean;
  /** Documents printed at once; default: the number of cores. */
  jobs?: number;
  /** Keep the printed HTML under `<out>/.html/<lang>/<edition>/`. */
  keepHtml?: boolean;
  /** Timeouts for loading and for printing one document, in ms. */
  loadTimeoutMs?: number;
  printTimeoutMs?: number;
  /** Reuse printed parts from `<root>/.coursebook-cache` (default true). */
  cache?: boolean;
  /** Aborting stops the build: the browser is closed and nothing is written. */
  signal?: AbortSignal;
  /**
   * Check mode: nothing is printed or written; the outputs the current inputs
   * would produce (from the cache) are compared with those on disk.
   */
  check?: boolean;
  /** Called as documents are printed or reused, for a progress display. */
  onProgress?: (progress: PrintProgress) => void;
  log?: (line: string) => void;
}

export interface BuildResult {
  /** Check mode: output files that are missing or differ from what the inputs give (empty when up to date). */
  stale?: string[];
  outDir: string;
  manifest: Manifest;
  diagnostics: Diagnostic[];
  /** Documents printed by the browser in this build, and printed parts reused from the cache. */
  printed: number;
  reused: number;
}

export class BuildAbortedError extends Error {
  constructor() {
    super('build interrupted; previous outputs left as they were');
    this.name = 'BuildAbortedError';
  }
}

interface Job {
  prepared: PreparedEdition;
  locale: Locale;
}

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
  if (templates) checkEditionNames(templates, config.editions.map((e) => e.name), root, bag);
  failIfFatal(bag, strict);

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

  // content → markdown → layout, one edition at a time (see prepareJobs)
  const buildDate = resolveBuildDate(root, listFiles(path.join(root, 'content')).concat(config.file));
  const pending = prepareJobs(config, langs, editions, templates!, buildDate, bag);

  // print → assemble → report
  const releaseLock = acquireOutputLock(outDir);
  const staged = new StagedOutput(outDir);
  const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-html-'));
  let printer: PrintService | null = null;
  try {
    const browser = await resolveBrowser(options.browser);
    log(`browser: ${browser.executablePath} (${browser.source})`);
    const cache = new PrintCache(options.cache === false ? null : path.join(root, '.coursebook-cache'), browserSalt(browser));
    printer = new PrintService(
      browser,
      {
        allowedRoots: [root, PROJECT_ROOT, htmlDir, ...FONT_PACKAGES.map(packageDir)],
        loadTimeoutMs: options.loadTimeoutMs ?? 120_000,
        printTimeoutMs: options.printTimeoutMs ?? 10 * 60_000,
      },
      cache,
      options.jobs ?? os.cpus().length,
      options.check ?? false,
      options.onProgress,
    );
    const stop = (): void => void printer?.close();
    options.signal?.addEventListener('abort', stop, { once: true });
    if (options.signal?.aborted) throw new BuildAbortedError();
    const ctx: OutputContext = { config, templates: templates!, printer, htmlDir, staged, buildDate, digest, bag, log };
    // Chromium starts (in its own processes) while the first edition is prepared: its
    // launch is off the critical path. A content error still stops the build before
    // anything is printed, and the browser is closed on the way out.
    if (!options.check) printer.warmUp();
    const first = await pending.next();
    failIfFatal(bag, strict);
    // Each edition goes to the printer as soon as it is prepared, and is assembled as soon as its own
    // parts are back; the next edition is prepared meanwhile.
    const running: Promise<ManifestOutput[]>[] = [];
    for (let next = first; !next.done; next = await pending.next()) {
      if (options.signal?.aborted) break; // interrupted: prepare nothing more (the jobs already running are settled below)
      running.push(buildOutputs(next.value, ctx));
      running.at(-1)!.catch(() => undefined); // settled below
      await new Promise((resolve) => setImmediate(resolve)); // let the printer start before preparing more
    }
    log(`prepared ${running.length} edition(s)`);
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
        return { outDir, manifest: readManifest(outDir), diagnostics: bag.items, printed: 0, reused: cache.hits, stale: [`${path.relative(htmlDir, error.htmlFile)} (not built from the current inputs)`] };
      }
      throw error;
    }
    options.signal?.removeEventListener('abort', stop);
    if (options.signal?.aborted) throw new BuildAbortedError();
    failIfFatal(bag, strict);
    const manifest: Manifest = { generator: `coursebook ${VERSION}`, inputsDigest: digest, outputs: outputs.flat() };
    if (options.keepHtml) keepHtml(htmlDir, staged);
    staged.write('manifest.json', manifestJson(manifest));
    if (options.check) {
      const stale = staged.differences();
      staged.discard();
      return { outDir, manifest, diagnostics: bag.items, printed: 0, reused: cache.hits, stale };
    }
    staged.commit('manifest.json');
    cache.prune();
    log(`printed ${printer.printed} document(s), ${cache.hits} reused from the cache`);
    return { outDir, manifest, diagnostics: bag.items, printed: printer.printed, reused: cache.hits };
  } catch (error) {
    staged.discard();
    throw error;
  } finally {
    await printer?.close();
    fs.rmSync(htmlDir, { recursive: true, force: true });
    releaseLock();
  }
}

/** Prepares the editions lazily, in order: each one is printing while the next is prepared. */
async function* prepareJobs(
  config: BookConfig,
  langs: string[],
  editions: EditionConfig[],
  templates: TemplateSet,
  buildDate: Date,
  bag: DiagnosticBag,
): AsyncGenerator<Job> {
  for (const lang of langs) {
    const chapters = loadChapters(config, lang, bag);
    const locale = loadLocale(lang, [path.join(config.root, 'locales'), BUILTIN_LOCALES_DIR], bag);
    for (const edition of editions) {
      const prepared = await prepareEdition({ config, lang, edition, chapters, locale, templates, buildDate, bag });
      if (prepared) yield { prepared, locale };
    }
  }
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

const traceStart = Date.now();
/** COURSEBOOK_TRACE=1 logs when each phase of each output ends (for profiling). */
function trace(event: string): void {
  if (process.env.COURSEBOOK_TRACE) process.stderr.write(`[${((Date.now() - traceStart) / 1000).toFixed(2)} s] ${event}\n`);
}

const FONT_PACKAGES = ['@fontsource/source-serif-4', '@fontsource/source-sans-3', '@fontsource/noto-naskh-arabic'];

/** Cached prints are only valid for the browser build that made them. */
function browserSalt(browser: ResolvedBrowser): string {
  // The embedded build is unpacked again into /tmp whenever /tmp is emptied: key it by its package version.
  if (browser.embedded) return `coursebook ${VERSION} @sparticuz/chromium@${embeddedChromiumVersion()}`;
  const stat = fs.statSync(browser.executablePath);
  return `coursebook ${VERSION} ${browser.executablePath} ${stat.size} ${stat.mtimeMs}`;
}

/** The version of @sparticuz/chromium (its package.json is not exported, so it is found from the entry point). */
function embeddedChromiumVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium'));
  while (dir !== path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name, version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === '@sparticuz/chromium' && version) return version;
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

interface OutputContext {
  config: BookConfig;
  templates: TemplateSet;
  printer: PrintService;
  htmlDir: string;
  staged: StagedOutput;
  buildDate: Date;
  digest: string;
  bag: DiagnosticBag;
  log: (line: string) => void;
}

async function buildOutputs(job: Job, ctx: OutputContext): Promise<ManifestOutput[]> {
  const { prepared, locale } = job;
  const { config } = ctx;
  const name = `${prepared.lang}/${prepared.edition.name}`;
  const started = Date.now();
  const folder = path.join(ctx.htmlDir, prepared.lang, prepared.edition.name);
  const printJobs = prepared.parts.map((part) => ({ file: `${part.name}.html`, tagged: true }));
  const metadata = bookMetadata(config, prepared, ctx);
  const furnitureDoc = furnitureDocument(prepared, locale, ctx);
  printJobs.push({ file: 'furniture.html', tagged: false });
  const assembly = {
    chapters: prepared.chapters,
    backMatterId: 'colophon',
    outline: prepared.outline,
    page: config.page,
    dir: locale.dir,
    folioFonts: {
      latin: stampFontFile('@fontsource/source-serif-4', 'latin'),
      ...(locale.digits === 'arab' ? { digits: stampFontFile('@fontsource/noto-naskh-arabic', 'arabic') } : {}),
    },
    digits: locale.digits,
    ...(prepared.edition.watermark ? { watermark: prepared.edition.watermark } : {}),
    metadata,
  };
  // An edition whose documents and assembly settings are all unchanged is not
  // assembled (nor read back) again: its checked interior comes from the cache.
  const assemblyKey = sha256(
    [
      `assembly ${VERSION}`,
      ...prepared.parts.map((part) => ctx.printer.cache.key(part.html, { tagged: true })),
      ctx.printer.cache.key(furnitureDoc.html, { tagged: false }),
      JSON.stringify(assembly),
    ].join('\n'),
  );
  // The cover needs only the page count (for the spine): it is printed while the
  // interior is still being stamped and saved.
  let cover: Promise<Uint8Array | null> | undefined;
  const startCover = (pageCount: number): void => {
    cover ??= printCover(pageCount);
    cover.catch(() => undefined); // awaited below
  };
  const interior = (await reuseInterior(assemblyKey, prepared, folder, furnitureDoc.html, ctx)) ?? (await assembleEdition());

  async function assembleEdition() {
    // Everything this edition needs printed is queued at once. Parts are merged as they
    // arrive, and read back for the leak guard, while the next ones print. Each promise
    // is awaited below; the no-op catches only keep an early failure from being reported
    // as unhandled while another promise is being awaited.
    const printing = prepared.parts.map((part) =>
      ctx.printer.print({ htmlFile: path.join(folder, `${part.name}.html`), html: part.html, tagged: true }),
    );
    const furniture = ctx.printer
      .print({ htmlFile: path.join(folder, 'furniture.html'), html: furnitureDoc.html, tagged: false })
      .then((pdf) => ({ pdf, ...furnitureDoc.layout }));
    for (const pending of [...printing, furniture]) pending.catch(() => undefined);
    const leakGuard = new LeakGuard(prepared, ctx);
    const assembled = await assembleInterior({
      ...assembly,
      printedParts: printing,
      furniture,
      onPlanned: startCover,
      ...(leakGuard.active ? { onPart: (doc: PDFDocument, index: number) => leakGuard.read(doc, printing[index]!, index) } : {}),
    });
    trace(`${name}: assembled`);
    const leaks = leakGuard.check();
    if (leaks === 0) {
      ctx.printer.cache.put(assemblyKey, assembled.bytes);
      ctx.printer.cache.putDerived(`${assemblyKey}.json`, JSON.stringify({ pages: assembled.pages.length, slotOverflows: assembled.slotOverflows, watermarkSkipped: assembled.watermarkSkipped }));
    }
    return { bytes: assembled.bytes, pageCount: assembled.pages.length, slotOverflows: assembled.slotOverflows, watermarkSkipped: assembled.watermarkSkipped };
  }

  if (interior.slotOverflows > 0) {
    ctx.bag.warn({
      code: 'assemble/slot-overflow',
      message: `${name}: ${interior.slotOverflows} page number(s) wider than the room reserved for them`,
      hint: 'the book is longer than estimated; the numbers may touch the following text — please report this with the page count',
    });
  }
  const interiorFile = `${prepared.lang}/${prepared.edition.name}.pdf`;
  ctx.staged.write(interiorFile, interior.bytes);
  ctx.log(`${name}: interior ${interior.pageCount} pages in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  startCover(interior.pageCount);
  const coverBytes = await cover!;
  if (coverBytes === null) return [];
  const coverFile = `${prepared.lang}/${prepared.edition.name}-cover.pdf`;
  ctx.staged.write(coverFile, coverBytes);
  const common = { lang: prepared.lang, edition: prepared.edition.name };
  return [
    {
      ...common,
      kind: 'interior',
      file: interiorFile,
      pages: interior.pageCount,
      sha256: sha256(interior.bytes),
      ...(prepared.fallbackChapters.length ? { fallbackChapters: prepared.fallbackChapters } : {}),
    },
    { ...common, kind: 'cover', file: coverFile, pages: 1, sha256: sha256(coverBytes) },
  ];

  async function printCover(pageCount: number): Promise<Uint8Array | null> {
    const geometry = coverGeometry(config, pageCount);
    const coverHtml = renderCoverHtml({
      config,
      texts: prepared.texts,
      lang: prepared.lang,
      locale,
      edition: prepared.edition,
      geometry,
      fontCss: fontFaceCss(),
      templates: ctx.templates,
      bag: ctx.bag,
    });
    if (coverHtml === null) return null;
    const coverPrinted = await ctx.printer.print({ htmlFile: path.join(folder, 'cover.html'), html: coverHtml, tagged: false });
    printJobs.push({ file: 'cover.html', tagged: false });
    // The list of documents printed for this edition, in order (read by `npm run bench`).
    fs.writeFileSync(path.join(folder, 'jobs.json'), `${JSON.stringify(printJobs, null, 2)}\n`);
    const bytes = await assembleCover(coverPrinted, geometry, config.page.marks === 'crop', metadata);
    trace(`${name}: cover done`);
    return bytes;
  }
}

/**
 * The leak guard reads each printed part back as the merge parses it
 * (report/pdf-text.ts) and looks for the text of blocks and chapters excluded
 * from the edition. A part's text is cached under its PDF's digest, so an
 * incremental build reads only what it printed.
 */
class LeakGuard {
  private readonly probes;
  private readonly texts: string[] = [];

  constructor(
    private readonly prepared: PreparedEdition,
    private readonly ctx: OutputContext,
  ) {
    this.probes = probesFor(prepared.hidden);
  }

  get active(): boolean {
    return this.probes.length > 0;
  }

  async read(doc: PDFDocument, printed: Promise<Uint8Array>, index: number): Promise<void> {
    const name = `${sha256(await printed)}.letters`;
    let text = this.ctx.printer.cache.getDerived(name);
    if (text === null) {
      text = letters(await pdfText(doc));
      this.ctx.printer.cache.putDerived(name, text);
    }
    this.texts[index] = text;
  }

  /** Reports every leak as an error; returns how many there were. */
  check(): number {
    if (!this.active) return 0;
    const leaks = findLeaks(this.texts.join('\n'), this.probes, `${this.prepared.lang}/${this.prepared.edition.name}`);
    for (const leak of leaks) this.ctx.bag.add(leak);
    return leaks.length;
  }
}

/** A previously assembled (and leak-checked) interior for exactly these inputs, if the cache has one. */
async function reuseInterior(key: string, prepared: PreparedEdition, folder: string, furnitureHtml: string, ctx: OutputContext) {
  const facts = ctx.printer.cache.getDerived(`${key}.json`);
  const bytes = facts === null ? null : ctx.printer.cache.get(key);
  if (facts === null || bytes === null) return null;
  // --keep-html still gets every document of the edition.
  fs.mkdirSync(folder, { recursive: true });
  for (const part of prepared.parts) fs.writeFileSync(path.join(folder, `${part.name}.html`), part.html);
  fs.writeFileSync(path.join(folder, 'furniture.html'), furnitureHtml);
  const { pages, slotOverflows, watermarkSkipped } = JSON.parse(facts) as { pages: number; slotOverflows: number; watermarkSkipped: boolean };
  return { bytes, pageCount: pages, slotOverflows, watermarkSkipped };
}

const FURNITURE_HEIGHT_MM = 8;

/**
 * Running heads (book title on versos, chapter titles on rectos) and the
 * edition mark, each printed once as a small page by Chromium.
 */
function furnitureDocument(prepared: PreparedEdition, locale: Locale, ctx: OutputContext) {
  const { page } = ctx.config;
  const rtl = locale.dir === 'rtl';
  // A verso's outer edge is on the left in a left-to-right book, on the right in a right-to-left one.
  const versoOuter = rtl ? 'right' : 'left';
  const rectoOuter = rtl ? 'left' : 'right';
  const isMarked = prepared.edition.name !== 'participant';
  const texts: FurnitureText[] = [
    { text: prepared.texts.title, align: versoOuter, kind: 'head' },
    ...prepared.chapters.map((c) => ({ text: c.title, align: rectoOuter, kind: 'head' }) as FurnitureText),
    ...(isMarked ? [{ text: prepared.editionLabel, align: 'center', kind: 'mark' } as FurnitureText] : []),
  ];
  const html = renderFurnitureHtml({
    texts,
    box: { widthMm: page.widthMm - page.margins.innerMm - page.margins.outerMm - page.gutterMm, heightMm: FURNITURE_HEIGHT_MM },
    lang: prepared.lang,
    dir: locale.dir,
    fontCss: fontFaceCss(),
    stylesheet: findOverridable([path.join(ctx.config.root, 'styles'), BUILTIN_STYLES], 'furniture.css')!,
  });
  return {
    html,
    layout: {
      heightMm: FURNITURE_HEIGHT_MM,
      bookTitle: 0,
      chapters: prepared.chapters.map((_, i) => i + 1),
      mark: isMarked ? texts.length - 1 : null,
    },
  };
}

function bookMetadata(config: BookConfig, prepared: PreparedEdition, ctx: OutputContext): BookMetadata {
  return {
    title: `${prepared.texts.title} — ${prepared.editionLabel}`,
    author: config.authors.join(', '),
    subject: prepared.texts.subject,
    keywords: [...prepared.texts.keywords, prepared.edition.name, prepared.lang],
    lang: prepared.lang,
    producer: `coursebook ${VERSION} (Chromium print, pdf-lib)`,
    date: ctx.buildDate,
    // The document ID derives from this edition's own documents, so an edit elsewhere leaves its bytes alone.
    inputsDigest: sha256(prepared.parts.map((part) => ctx.printer.cache.key(part.html, { tagged: true })).join('\n')),
  };
}

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
