/**
 * The handouts of a language (handouts-job.ts) printed, joined, numbered
 * (folios stamped, /PageLabels) and written to `output/<lang>/handouts.pdf`,
 * with their layout published for the trainer edition's "Handout 3.2, page N".
 * Loaded only when a build prints (build.ts), like build-outputs.ts: the
 * assembly's libraries (pdf-lib's fontkit, the font subsetter and its
 * WebAssembly) then stay out of a main thread that has no handouts to join.
 */
import path from 'node:path';
import { folioFontFiles } from '../layout/fonts.ts';
import { mergePrintedParts } from '../assemble/merge-parts.ts';
import { sharedFontkit } from '../assemble/shared-fontkit.ts';
import { stampText } from '../assemble/stamp.ts';
import { writePageLabels } from '../assemble/page-labels.ts';
import { writeMetadata } from '../assemble/metadata.ts';
import { deflateNewStreams } from '../assemble/deflate-new-streams.ts';
import { localizeDigits } from '../assemble/assemble-interior.ts';
import { savePdf } from '../assemble/write-pdf.ts';
import { mm } from '../assemble/units.ts';
import { applyPrintBoxes } from '../assemble/print-boxes.ts';
import { prepareForPrint } from '../assemble/prepare-for-print.ts';
import { embedFolioFonts } from '../assemble/folio-fonts.ts';
import { buildPreflightOptions, reportPreflight } from '../preflight/build-preflight.ts';
import { preflightDocument } from '../preflight/preflight.ts';
import type { PlannedPage } from '../assemble/plan-pages.ts';
import { sha256, type ManifestOutput } from '../report/manifest.ts';
import { VERSION } from '../project-paths.ts';
import type { OutputContext } from './build-outputs.ts';
import { HANDOUT_DIV } from './handouts.ts';
import { handoutsSource, type HandoutsJob } from './handouts-job.ts';

export async function buildHandouts(job: HandoutsJob, ctx: OutputContext): Promise<ManifestOutput[]> {
  const source = handoutsSource(job.lang);
  const { config, buildDate } = ctx.course;
  const { printer, htmlDir } = ctx.printing;
  try {
    const folder = path.join(htmlDir, job.lang, 'handouts');
    const keys = job.parts.map((part) => printer.cache.key(part.html, { tagged: true }));
    ctx.concordance.publishKey(source, sha256(keys.join('\n')));
    const pageCounts: number[] = [];
    const printing = job.parts.map((part) =>
      printer.print({ htmlFile: path.join(folder, `${part.name}.html`), html: part.html, tagged: true }),
    );
    // Each is awaited by the merge; a later one failing first must not be reported as unhandled meanwhile.
    for (const pending of printing) pending.catch(() => undefined);
    const doc = await mergePrintedParts(printing, { onPart: async (part, index) => void (pageCounts[index] = part.getPageCount()) });
    doc.registerFontkit(sharedFontkit);
    const { forLabel: fontFor } = await embedFolioFonts(doc, folioFontFiles(job.digits));
    const pages = doc.getPages();
    const plan: PlannedPage[] = pages.map((_, i) => ({
      printed: i,
      part: 'body',
      chapter: null,
      opener: false,
      recto: i % 2 === 0,
      label: String(i + 1),
      showFolio: true,
      runningHead: null,
    }));
    pages.forEach((page, i) => {
      const label = localizeDigits(String(i + 1), job.digits);
      stampText(page, label, {
        font: fontFor(label),
        size: 9.5,
        x: page.getWidth() / 2,
        y: mm(config.page.margins.bottomMm) * 0.45,
        align: 'center',
      });
    });
    writePageLabels(doc, plan, (label) => localizeDigits(label, job.digits));
    writeMetadata(
      doc,
      {
        title: job.title,
        author: config.authors.join(', '),
        subject: job.title,
        keywords: [HANDOUT_DIV, job.lang],
        lang: job.lang,
        producer: `coursebook ${VERSION} (Chromium print, pdf-lib)`,
        date: buildDate,
        inputsDigest: sha256(keys.join('\n')),
      },
      { document: 'handouts', standard: null },
    );
    // Handouts are printed by the trainer, not sent to the printer: no PDF/X claim or output intent,
    // but the boxes every reader expects, and a gray book's handouts are gray too.
    const [firstPage] = pages;
    if (!firstPage) throw new Error('the printed handouts have no pages');
    const { width, height } = firstPage.getSize();
    for (const page of pages) applyPrintBoxes(page, { width, height, bleed: 0, marks: false });
    await prepareForPrint(doc, { color: config.print.color, standard: null, outputIntent: null });
    deflateNewStreams(doc);
    const bytes = await savePdf(doc);
    // Where each handout starts, for the trainer edition's references.
    const layout = { pages: {} as Record<string, { label: string; page: number }>, chapters: {} };
    let start = 0;
    job.handouts.forEach((handout, i) => {
      layout.pages[handout.id] = { label: localizeDigits(String(start + 1), job.digits), page: start };
      start += pageCounts[i] ?? 0;
    });
    ctx.concordance.publishLayout(source, layout);
    const file = `${job.lang}/handouts.pdf`;
    // Checked as saved, on the objects in memory (not parsed again).
    if (ctx.output.preflight)
      reportPreflight(file, await preflightDocument(doc, buildPreflightOptions(config, 'handouts')), ctx.reporting.bag);
    ctx.output.staged.write(file, bytes);
    ctx.reporting.log(`${job.lang}/handouts: ${pages.length} pages, ${job.handouts.length} handout(s)`);
    return [{ lang: job.lang, edition: HANDOUT_DIV, kind: 'handouts', file, pages: pages.length, sha256: sha256(bytes) }];
  } catch (error) {
    ctx.concordance.fail(source, error as Error);
    throw error;
  }
}
