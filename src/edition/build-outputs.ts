/**
 * Everything one edition becomes once prepared: its documents printed (or
 * reused from the cache), its interior assembled and leak-checked, its cover
 * printed as soon as the page count is known, both staged for the output.
 */
import fs from 'node:fs';
import { setImmediate as letOtherWorkRun } from 'node:timers/promises';
import path from 'node:path';
import type { BookConfig } from '../config/types.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { PreparedEdition } from './prepare-edition.ts';
import type { Locale } from '../layout/locale.ts';
import type { TemplateSet } from '../layout/templates.ts';
import { coverGeometry, renderCoverHtml } from '../layout/render-cover.ts';
import { renderFurnitureHtml, type FurnitureText } from '../layout/render-furniture.ts';
import { findOverridable } from '../layout/templates.ts';
import { fontFaceCss, folioFontFiles } from '../layout/fonts.ts';
import type { PrintService } from '../print/print-service.ts';
import type { BuildCache } from '../cache/build-cache.ts';
import { codeDigest } from '../inputs-digest.ts';
import { printAssembly } from '../assemble/prepare-for-print.ts';
import { checkPageCount } from '../config/resolve-print.ts';
import { buildPreflightOptions, preflightOutput, reportPreflight } from '../preflight/build-preflight.ts';
import type { BookMetadata } from '../assemble/metadata.ts';
import type { StagedOutput } from '../report/atomic-write.ts';
import { sha256, type ManifestOutput } from '../report/manifest.ts';
import { BUILTIN_STYLES, VERSION } from '../project-paths.ts';
import { trace } from '../trace.ts';
import { AssemblyRecords } from './assembly-records.ts';
import { LanguageInputs, recordEditionParts } from './parse-ahead.ts';
import { itemAt } from '../item-at.ts';
import { ASSEMBLED_INTERIOR_FACTS, readRecord, writeRecord, type AssembledInteriorFacts } from '../cache/cache-entries.ts';
import type { AssemblyRequest } from '../assemble/edition-assembly.ts';
import { assembleOnWorker, warmUpAssemblyWorker } from '../assemble/assembly-thread.ts';
import type { ConcordanceRegistry } from './concordance.ts';
import { concordanceSettings, otherPdfPages } from './trainer-tool-slots.ts';
import { handoutsSource } from './handouts-job.ts';
import { importInTurn } from '../import-in-turn.ts';

/** Where editions are assembled (docs/print-design.md): on the one assembly worker thread of the process, unless COURSEBOOK_ASSEMBLY_THREAD=main. */
const onMainThread = process.env.COURSEBOOK_ASSEMBLY_THREAD === 'main';
const assemble: typeof assembleOnWorker = onMainThread
  ? async (...args) => (await importInTurn(() => import('../assemble/edition-assembly.ts'))).assembleEdition(...args)
  : assembleOnWorker;

/** Called by a build that will assemble: the worker loads its modules meanwhile (assembly-thread.ts). */
export function startAssembly(): void {
  if (!onMainThread) warmUpAssemblyWorker();
}

/**
 * The cover's assembly (pdf-lib, fontkit…), loaded on the main thread only once a cover is printed:
 * until then the thread prepares and prints, and the assembly worker loads its own copy.
 */
function coverAssembly(): Promise<typeof import('../assemble/assemble-cover.ts')> {
  coverAssemblyLoading ??= importInTurn(() => import('../assemble/assemble-cover.ts'));
  return coverAssemblyLoading;
}
let coverAssemblyLoading: Promise<typeof import('../assemble/assemble-cover.ts')> | null = null;

/** One edition of one language, prepared (markdown → layout) and ready to print. */
export interface EditionJob {
  prepared: PreparedEdition;
  locale: Locale;
  /** Built only for its layout (another edition shows its pages): assembled or taken from the cache, never written. */
  layoutOnly?: boolean;
}

/** The course every output is made from. */
export interface CourseInputs {
  config: BookConfig;
  templates: TemplateSet;
  buildDate: Date;
  /** Its languages' inputs as digested when the build started (edition/parse-ahead.ts); absent: digested when recorded. */
  languageInputs?: LanguageInputs;
}

/** Where documents print: the print service (with its build cache) and the folder their HTML is written to. */
export interface Printing {
  printer: PrintService;
  htmlDir: string;
  /**
   * Called once this edition will print nothing more (its cover is printed,
   * and every document printed before it is back), possibly long before its
   * interior is saved: the build then closes the browser while books are
   * still being assembled, instead of after.
   */
  printsDone?: () => void;
}

/** Where outputs go: staged until the whole build succeeds, preflighted first unless turned off (BuildOptions.preflight). */
export interface OutputTarget {
  staged: StagedOutput;
  preflight: boolean;
}

/** Where findings go: diagnostics, and the progress log. */
export interface Reporting {
  bag: DiagnosticBag;
  log: (line: string) => void;
}

/** What building an edition's outputs needs, by concern. */
export interface OutputContext {
  course: CourseInputs;
  printing: Printing;
  output: OutputTarget;
  reporting: Reporting;
  /** Participant layouts that trainer editions wait for (edition/concordance.ts). */
  concordance: ConcordanceRegistry;
}

export async function buildOutputs(job: EditionJob, ctx: OutputContext): Promise<ManifestOutput[]> {
  // The edition other editions point at: whoever waits for its layout fails with it.
  const isSource = ctx.course.config.concordance === job.prepared.edition.name;
  return isSource
    ? buildOutputsOf(job, ctx).catch((error: Error) => {
        ctx.concordance.fail(job.prepared.lang, error);
        throw error;
      })
    : buildOutputsOf(job, ctx);
}

async function buildOutputsOf(job: EditionJob, ctx: OutputContext): Promise<ManifestOutput[]> {
  const { prepared, locale } = job;
  const { config } = ctx.course;
  const { printer } = ctx.printing;
  const { bag } = ctx.reporting;
  const name = `${prepared.lang}/${prepared.edition.name}`;
  const started = Date.now();
  const folder = path.join(ctx.printing.htmlDir, prepared.lang, prepared.edition.name);
  const printJobs = prepared.parts.map((part) => ({ file: `${part.name}.html`, tagged: true }));
  // Each document's print key digests its HTML and every file it loads: tens of
  // milliseconds per edition, computed a document per turn of the event loop so
  // that the browser, printing other editions, is not kept waiting (keys are memoized).
  for (const part of prepared.parts) {
    printer.cache.key(part.html, { tagged: true });
    await letOtherWorkRun();
  }
  const metadata = bookMetadata(ctx.course, prepared, printer.cache);
  const furnitureDoc = furnitureDocument(prepared, locale, config);
  printJobs.push({ file: 'furniture.html', tagged: false });
  const assembly = {
    chapters: prepared.chapters,
    backMatterId: 'colophon',
    outline: prepared.outline,
    page: config.page,
    dir: locale.dir,
    folioFonts: folioFontFiles(locale.digits),
    digits: locale.digits,
    pageWord: locale.t('page'),
    ...(prepared.edition.watermark ? { watermark: prepared.edition.watermark } : {}),
    metadata,
    print: printAssembly(config.print),
    pageMultiple: config.print.rules.pageMultiple,
    safetyMm: config.print.rules.minOuterMarginMm,
    bleedAtBinding: config.print.rules.bleedAtBinding,
    indexSlots: prepared.indexSlots,
    ...concordanceSettings(prepared, config),
  };
  // An edition whose documents and assembly settings are all unchanged is not
  // assembled (nor read back) again: its checked interior comes from the cache.
  const assemblyKey = sha256(
    [
      `assembly ${VERSION} ${codeDigest()}`,
      ...prepared.parts.map((part) => printer.cache.key(part.html, { tagged: true })),
      printer.cache.key(furnitureDoc.html, { tagged: false }),
      JSON.stringify(assembly),
      // A trainer edition's participant page numbers change whenever the participant edition's layout may.
      ...(Object.keys(prepared.concordanceSlots).length ? [await ctx.concordance.sourceKey(prepared.lang)] : []),
      ...(Object.keys(prepared.handoutSlots).length ? [await ctx.concordance.sourceKey(handoutsSource(prepared.lang))] : []),
    ].join('\n'),
  );
  if (assembly.concordanceItems) ctx.concordance.publishKey(prepared.lang, assemblyKey);
  // The cover needs only the page count (for the spine): it is printed while the
  // interior is still being stamped and saved.
  let cover: Promise<Uint8Array | null> | undefined;
  const startCover = (pageCount: number): void => {
    if (job.layoutOnly) return;
    cover ??= printCover(pageCount);
    cover.catch(() => undefined); // awaited below
  };
  const preflightOptions = ctx.output.preflight ? buildPreflightOptions(config, 'interior') : null;
  // Every print of this edition but the cover, the last one it asks for.
  const printing: Promise<unknown>[] = [];
  const reused = await reuseInterior(assemblyKey, prepared, folder, furnitureDoc.html, config, printer.cache);
  // Not printed again, but what the browser could not load then is still missing now.
  if (reused) for (const part of prepared.parts) printer.recallRequestProblems(path.join(folder, `${part.name}.html`), part.html, true);
  const interior = reused ?? (await assembleEdition());
  printer.cache.forgetKeys([...prepared.parts.map((part) => part.html), furnitureDoc.html]);

  async function assembleEdition() {
    // Everything this edition needs printed is queued at once. Parts are merged as they
    // arrive, and read back for the leak guard, while the next ones print.
    const { cache } = printer;
    const keys = prepared.parts.map((part) => cache.key(part.html, { tagged: true }));
    const records = new AssemblyRecords(cache, prepared.text, keys, assembly.folioFonts);
    recordEditionParts(cache, ctx.course.languageInputs ?? new LanguageInputs(config), prepared.lang, prepared.edition.name, keys);
    const guarded = prepared.text.hidden.length > 0;
    const parts = prepared.parts.map((part, index) =>
      printer
        .print({ htmlFile: path.join(folder, `${part.name}.html`), html: part.html, tagged: true })
        .then((bytes) => ({ bytes, key: itemAt(keys, index), untaggedMarks: records.untaggedMarks(index) })),
    );
    const furniture = printer.print({ htmlFile: path.join(folder, 'furniture.html'), html: furnitureDoc.html, tagged: false });
    printing.push(...parts, furniture);
    // Each is awaited by the assembly; a later one failing first must not be reported as unhandled meanwhile.
    for (const pending of [...parts, furniture]) pending.catch(() => undefined);
    const others = otherPdfPages(prepared, config, ctx.concordance);
    const request: AssemblyRequest = {
      settings: assembly,
      furnitureLayout: furnitureDoc.layout,
      otherPdfPages: others.map(({ prefix, slots, file }) => ({ prefix, slots, file })),
      leakGuard: { text: prepared.text, output: name, probes: guarded ? records.probes() : null },
      fonts: records.fonts(),
      ...(preflightOptions ? { preflight: preflightOptions } : {}),
    };
    const events = { planned: startCover, ...records.writers() };
    const assembled = await assemble(request, { parts, furniture, layouts: others.map((o) => o.layout) }, events);
    trace(`${name}: assembled`);
    for (const leak of assembled.leaks) bag.add(leak);
    const facts: AssembledInteriorFacts = {
      pages: assembled.pages,
      slotOverflows: assembled.slotOverflows,
      watermarkSkipped: assembled.watermarkSkipped,
      colorUnconverted: assembled.colorUnconverted,
      ...(assembled.sourceLayout ? { sourceLayout: assembled.sourceLayout } : {}),
      ...(assembled.preflight ? { preflight: { options: JSON.stringify(preflightOptions), found: assembled.preflight } } : {}),
    };
    if (assembled.leaks.length === 0) {
      cache.put(assemblyKey, assembled.bytes);
      writeRecord(cache, ASSEMBLED_INTERIOR_FACTS, assemblyKey, facts);
    }
    return { bytes: assembled.bytes, ...facts };
  }

  if (assembly.concordanceItems) {
    if (!interior.sourceLayout) throw new Error(`${name}: no page layout was recorded for the editions that point at it`);
    ctx.concordance.publishLayout(prepared.lang, interior.sourceLayout);
  }
  if (job.layoutOnly) return [];
  if (interior.slotOverflows > 0) {
    bag.warn({
      code: 'assemble/slot-overflow',
      message: `${name}: ${interior.slotOverflows} page number(s) wider than the room reserved for them`,
      hint: 'the book is longer than estimated; the numbers may touch the following text — please report this with the page count',
    });
  }
  const interiorFile = `${prepared.lang}/${prepared.edition.name}.pdf`;
  for (const problem of checkPageCount(config, interior.pages, interiorFile)) bag.error(problem);
  if (interior.colorUnconverted.length > 0) {
    bag.warn({
      code: 'assemble/color-unconverted',
      message: `${interiorFile}: ${interior.colorUnconverted.length} colour(s) could not be converted for print.color/${config.print.target}: ${interior.colorUnconverted.slice(0, 3).join('; ')}`,
      hint: 'use RGB colours and 8-bit PNG or JPEG pictures; preflight lists what is left',
    });
  }
  // The assembly preflighted the book it had in memory; a book from the cache was checked when it was made.
  const known = interior.preflight?.options === JSON.stringify(preflightOptions) ? interior.preflight.found : null;
  if (known) reportPreflight(interiorFile, known, bag);
  const interiorChecked =
    ctx.output.preflight && !known ? preflightOutput(interior.bytes, interiorFile, 'interior', config, bag) : Promise.resolve();
  ctx.output.staged.write(interiorFile, interior.bytes);
  ctx.reporting.log(`${name}: interior ${interior.pages} pages in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  cover ??= printCover(interior.pages);
  const coverBytes = await cover;
  if (coverBytes === null) {
    await interiorChecked;
    return [];
  }
  const coverFile = `${prepared.lang}/${prepared.edition.name}-cover.pdf`;
  await Promise.all([interiorChecked, ctx.output.preflight ? preflightOutput(coverBytes, coverFile, 'cover', config, bag) : undefined]);
  ctx.output.staged.write(coverFile, coverBytes);
  const common = { lang: prepared.lang, edition: prepared.edition.name };
  return [
    {
      ...common,
      kind: 'interior',
      file: interiorFile,
      pages: interior.pages,
      sha256: sha256(interior.bytes),
      ...(prepared.fallbackChapters.length ? { fallbackChapters: prepared.fallbackChapters } : {}),
    },
    { ...common, kind: 'cover', file: coverFile, pages: 1, sha256: sha256(coverBytes) },
  ];

  async function printCover(pageCount: number): Promise<Uint8Array | null> {
    const geometry = coverGeometry(config, pageCount, locale.dir);
    const coverHtml = renderCoverHtml({
      config,
      texts: prepared.texts,
      lang: prepared.lang,
      locale,
      edition: prepared.edition,
      geometry,
      fontCss: fontFaceCss(),
      templates: ctx.course.templates,
      bag: bag,
    });
    if (coverHtml === null) return null;
    const coverPrinted = await printer.print({ htmlFile: path.join(folder, 'cover.html'), html: coverHtml, tagged: true, urgent: true });
    printer.cache.forgetKeys([coverHtml]);
    if (ctx.printing.printsDone) void Promise.allSettled(printing).then(ctx.printing.printsDone);
    printJobs.push({ file: 'cover.html', tagged: true });
    // The list of documents printed for this edition, in order (read by `npm run bench`).
    fs.writeFileSync(path.join(folder, 'jobs.json'), `${JSON.stringify(printJobs, null, 2)}\n`);
    const { assembleCover } = await coverAssembly();
    const bytes = await assembleCover(coverPrinted, geometry, config.page.marks === 'crop', metadata, printAssembly(config.print));
    trace(`${name}: cover done`);
    return bytes;
  }
}

/** A previously assembled (and leak-checked) interior for exactly these inputs, if the cache has one. */
async function reuseInterior(
  key: string,
  prepared: PreparedEdition,
  folder: string,
  furnitureHtml: string,
  config: BookConfig,
  cache: BuildCache,
) {
  const facts = readRecord(cache, ASSEMBLED_INTERIOR_FACTS, key);
  const bytes = facts === null ? null : cache.get(key);
  if (facts === null || bytes === null) return null;
  // An edition other editions point at must have recorded where its items are.
  if (config.concordance === prepared.edition.name && !facts.sourceLayout) return null;
  // --keep-html still gets every document of the edition.
  fs.mkdirSync(folder, { recursive: true });
  for (const part of prepared.parts) fs.writeFileSync(path.join(folder, `${part.name}.html`), part.html);
  fs.writeFileSync(path.join(folder, 'furniture.html'), furnitureHtml);
  return { bytes, ...facts };
}

const FURNITURE_HEIGHT_MM = 8;

/**
 * Running heads (book title on versos, chapter titles on rectos) and the
 * edition mark, each printed once as a small page by Chromium.
 */
function furnitureDocument(prepared: PreparedEdition, locale: Locale, config: BookConfig) {
  const { page } = config;
  const rtl = locale.dir === 'rtl';
  // A verso's outer edge is on the left in a left-to-right book, on the right in a right-to-left one.
  const versoOuter = rtl ? 'right' : 'left';
  const rectoOuter = rtl ? 'left' : 'right';
  const isMarked = prepared.edition.name !== 'participant';
  const texts: FurnitureText[] = [
    { text: prepared.texts.title, align: versoOuter, kind: 'head' },
    ...prepared.chapters.map((c): FurnitureText => ({ text: c.title, align: rectoOuter, kind: 'head' })),
    ...(isMarked ? [{ text: prepared.editionLabel, align: 'center', kind: 'mark' } as FurnitureText] : []),
  ];
  const html = renderFurnitureHtml({
    texts,
    box: { widthMm: page.widthMm - page.margins.innerMm - page.margins.outerMm - page.gutterMm, heightMm: FURNITURE_HEIGHT_MM },
    lang: prepared.lang,
    dir: locale.dir,
    fontCss: fontFaceCss(),
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- furniture.css ships in BUILTIN_STYLES, the last folder searched
    stylesheet: findOverridable([path.join(config.root, 'styles'), BUILTIN_STYLES], 'furniture.css')!,
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

function bookMetadata({ config, buildDate }: CourseInputs, prepared: PreparedEdition, cache: BuildCache): BookMetadata {
  return {
    title: `${prepared.texts.title} — ${prepared.editionLabel}`,
    author: config.authors.join(', '),
    subject: prepared.texts.subject,
    keywords: [...prepared.texts.keywords, prepared.edition.name, prepared.lang],
    lang: prepared.lang,
    producer: `coursebook ${VERSION} (Chromium print, pdf-lib)`,
    date: buildDate,
    // The document ID derives from this edition's own documents, so an edit elsewhere leaves its bytes alone.
    inputsDigest: sha256(prepared.parts.map((part) => cache.key(part.html, { tagged: true })).join('\n')),
  };
}
