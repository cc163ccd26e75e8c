/**
 * The build, stage by stage: config → content → markdown → layout → print →
 * assemble → report. This file only sequences the stages; each lives in its
 * own folder under src/.
 */
import fs from 'node:fs';
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
import { fontFaceCss, packageDir, stampFontFile } from './layout/fonts.ts';
import { resolveBrowser } from './print/resolve-browser.ts';
import { BrowserSession, type PrintOptions } from './print/browser-session.ts';
import { assembleInterior } from './assemble/assemble-interior.ts';
import { assembleCover } from './assemble/assemble-cover.ts';
import type { BookMetadata } from './assemble/metadata.ts';
import { StagedOutput } from './report/atomic-write.ts';
import { acquireOutputLock } from './report/output-lock.ts';
import { manifestJson, sha256, type Manifest, type ManifestOutput } from './report/manifest.ts';
import { resolveBuildDate } from './build-date.ts';
import { inputsDigest, listFiles } from './inputs-digest.ts';
import { mapWithLimit } from './util/pool.ts';
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
  /** Timeout for printing one document, in ms. */
  printTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface BuildResult {
  outDir: string;
  manifest: Manifest;
  diagnostics: Diagnostic[];
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
  failIfFatal(bag, strict);

  // content → markdown → layout
  const buildDate = resolveBuildDate(root, listFiles(path.join(root, 'content')).concat(config.file));
  const jobs: Job[] = [];
  for (const lang of langs) {
    const chapters = loadChapters(config, lang, bag);
    const locale = loadLocale(lang, [path.join(root, 'locales'), BUILTIN_LOCALES_DIR], bag);
    for (const edition of editions) {
      const prepared = prepareEdition({ config, lang, edition, chapters, locale, templates: templates!, buildDate, bag });
      if (prepared) jobs.push({ prepared, locale });
    }
  }
  failIfFatal(bag, strict);
  log(`prepared ${jobs.length} edition(s): ${jobs.map((j) => `${j.prepared.lang}/${j.prepared.edition.name}`).join(', ')}`);

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

  // print → assemble → report
  const releaseLock = acquireOutputLock(outDir);
  const staged = new StagedOutput(outDir);
  const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-html-'));
  let session: BrowserSession | null = null;
  try {
    const browser = await resolveBrowser(options.browser);
    log(`browser: ${browser.executablePath} (${browser.source})`);
    session = await BrowserSession.launch(browser);
    const printOptions: PrintOptions = {
      allowedRoots: [root, PROJECT_ROOT, packageDir('@fontsource/source-serif-4'), htmlDir].concat(
        ['@fontsource/source-sans-3', '@fontsource/noto-naskh-arabic'].map(packageDir),
      ),
      tagged: true,
      loadTimeoutMs: 120_000,
      printTimeoutMs: options.printTimeoutMs ?? 10 * 60_000,
    };
    const outputs = await mapWithLimit(jobs, options.jobs ?? os.cpus().length, (job) =>
      buildOutputs(job, { config, templates: templates!, session: session!, printOptions, htmlDir, staged, buildDate, digest, bag, log }),
    );
    failIfFatal(bag, strict);
    if (options.keepHtml) keepHtml(htmlDir, staged);
    const manifest: Manifest = { generator: `coursebook ${VERSION}`, inputsDigest: digest, outputs: outputs.flat() };
    staged.write('manifest.json', manifestJson(manifest));
    staged.commit('manifest.json');
    return { outDir, manifest, diagnostics: bag.items };
  } catch (error) {
    staged.discard();
    throw error;
  } finally {
    await session?.close();
    fs.rmSync(htmlDir, { recursive: true, force: true });
    releaseLock();
  }
}

interface OutputContext {
  config: BookConfig;
  templates: TemplateSet;
  session: BrowserSession;
  printOptions: PrintOptions;
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
  const htmlFile = path.join(ctx.htmlDir, prepared.lang, prepared.edition.name, 'book.html');
  fs.mkdirSync(path.dirname(htmlFile), { recursive: true });
  fs.writeFileSync(htmlFile, prepared.html);
  const printed = await ctx.session.printHtmlFile(htmlFile, ctx.printOptions);
  const metadata = bookMetadata(config, prepared, ctx);
  const isMarked = prepared.edition.name !== 'participant';
  const interior = await assembleInterior({
    printed,
    chapters: prepared.chapters,
    backMatterId: 'colophon',
    outline: prepared.outline,
    bookTitle: prepared.texts.title,
    editionMark: isMarked ? prepared.editionLabel : null,
    page: config.page,
    dir: locale.dir,
    fonts: {
      folio: stampFontFile('@fontsource/source-serif-4', 'latin'),
      head: stampFontFile('@fontsource/source-sans-3', 'latin'),
    },
    metadata,
  });
  const interiorFile = `${prepared.lang}/${prepared.edition.name}.pdf`;
  ctx.staged.write(interiorFile, interior.bytes);
  ctx.log(`${name}: interior ${interior.pages.length} pages in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const geometry = coverGeometry(config, interior.pages.length);
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
  if (coverHtml === null) return [];
  const coverHtmlFile = path.join(path.dirname(htmlFile), 'cover.html');
  fs.writeFileSync(coverHtmlFile, coverHtml);
  const coverPrinted = await ctx.session.printHtmlFile(coverHtmlFile, { ...ctx.printOptions, tagged: false });
  const cover = await assembleCover(coverPrinted, geometry, config.page.marks === 'crop', metadata);
  const coverFile = `${prepared.lang}/${prepared.edition.name}-cover.pdf`;
  ctx.staged.write(coverFile, cover);
  const common = { lang: prepared.lang, edition: prepared.edition.name };
  return [
    {
      ...common,
      kind: 'interior',
      file: interiorFile,
      pages: interior.pages.length,
      sha256: sha256(interior.bytes),
      ...(prepared.fallbackChapters.length ? { fallbackChapters: prepared.fallbackChapters } : {}),
    },
    { ...common, kind: 'cover', file: coverFile, pages: 1, sha256: sha256(cover) },
  ];
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
    inputsDigest: `${ctx.digest}/${prepared.lang}/${prepared.edition.name}`,
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

function keepHtml(htmlDir: string, staged: StagedOutput): void {
  for (const file of listFiles(htmlDir)) {
    staged.write(path.join('.html', path.relative(htmlDir, file)), fs.readFileSync(file));
  }
}
