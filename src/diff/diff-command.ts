/**
 * `coursebook diff OLD NEW`: two output folders (every PDF in them, paired by
 * path) or two PDFs. Writes an HTML report (report-html.ts) and prints a
 * summary, as text or JSON; exits 0 when nothing changed, 1 when something
 * did, 2 on error — like diff(1).
 */
import fs from 'node:fs';
import path from 'node:path';
import { diffPdfs, type PdfDiff } from './diff-pdfs.ts';
import { reportHtml } from './report-html.ts';

export interface DiffSummary {
  changed: boolean;
  report: string;
  files: PdfDiff[];
  onlyInOld: string[];
  onlyInNew: string[];
}

export async function runDiff(oldPath: string, newPath: string, opts: { out: string; reporter: 'text' | 'json' }): Promise<number> {
  try {
    const summary = await diffOutputs(path.resolve(oldPath), path.resolve(newPath), path.resolve(opts.out));
    if (opts.reporter === 'json') process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else process.stdout.write(textSummary(summary));
    return summary.changed ? 1 : 0;
  } catch (error) {
    process.stderr.write(`coursebook diff: ${(error as Error).message}\n`);
    return 2;
  }
}

export async function diffOutputs(oldPath: string, newPath: string, outDir: string): Promise<DiffSummary> {
  const pairs = pairsOf(oldPath, newPath);
  fs.rmSync(path.join(outDir, 'images'), { recursive: true, force: true });
  const files: PdfDiff[] = [];
  for (const pair of pairs.both) files.push(await diffPdfs(pair.name, pair.old, pair.new, path.join(outDir, 'images')));
  const report = path.join(outDir, 'report.html');
  const summary: DiffSummary = {
    changed:
      pairs.onlyInOld.length + pairs.onlyInNew.length > 0 || files.some((f) => f.added.length + f.removed.length + f.changed.length > 0),
    report,
    files,
    onlyInOld: pairs.onlyInOld,
    onlyInNew: pairs.onlyInNew,
  };
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(report, reportHtml(summary, outDir));
  return summary;
}

interface Pairs {
  both: { name: string; old: string; new: string }[];
  onlyInOld: string[];
  onlyInNew: string[];
}

function pairsOf(oldPath: string, newPath: string): Pairs {
  const kind = (p: string): 'dir' | 'pdf' => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new Error(`${p} does not exist`);
    if (stat.isDirectory()) return 'dir';
    if (stat.isFile() && p.toLowerCase().endsWith('.pdf')) return 'pdf';
    throw new Error(`${p} is neither an output folder nor a PDF`);
  };
  const [oldKind, newKind] = [kind(oldPath), kind(newPath)];
  if (oldKind !== newKind) throw new Error('give two output folders or two PDFs, not one of each');
  // Two PDFs are compared under the new one's name, whatever the old one is called.
  if (oldKind === 'pdf') return { both: [{ name: path.basename(newPath), old: oldPath, new: newPath }], onlyInOld: [], onlyInNew: [] };
  const oldFiles = pdfsIn(oldPath);
  const newFiles = pdfsIn(newPath);
  if (oldFiles.length + newFiles.length === 0) throw new Error('no PDF in either folder');
  return {
    both: oldFiles
      .filter((f) => newFiles.includes(f))
      .map((name) => ({ name, old: path.join(oldPath, name), new: path.join(newPath, name) })),
    onlyInOld: oldFiles.filter((f) => !newFiles.includes(f)),
    onlyInNew: newFiles.filter((f) => !oldFiles.includes(f)),
  };
}

/** Every PDF under an output folder, as paths relative to it with forward slashes (dot folders skipped). */
function pdfsIn(dir: string): string[] {
  const out: string[] = [];
  const visit = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.pdf')) out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  visit(dir);
  return out.sort();
}

function textSummary(summary: DiffSummary): string {
  const lines: string[] = [];
  for (const file of summary.onlyInOld) lines.push(`${file}: removed`);
  for (const file of summary.onlyInNew) lines.push(`${file}: added`);
  for (const file of summary.files) {
    const parts = [
      file.added.length ? `${file.added.length} page(s) added (${file.added.map((p) => p.label).join(', ')})` : '',
      file.removed.length ? `${file.removed.length} removed (old ${file.removed.map((p) => p.label).join(', ')})` : '',
      file.changed.length
        ? `${file.changed.length} changed (${file.changed.map((p) => (p.oldLabel === p.newLabel ? p.newLabel : `${p.oldLabel}→${p.newLabel}`)).join(', ')})`
        : '',
      file.moved ? `${file.moved} only renumbered` : '',
    ].filter(Boolean);
    const changed = file.added.length + file.removed.length + file.changed.length > 0;
    lines.push(`${file.name}: ${changed ? parts.join('; ') : `no page changed${file.moved ? ` (${file.moved} renumbered)` : ''}`}`);
  }
  lines.push(summary.changed ? `report: ${summary.report}` : 'nothing changed');
  return `${lines.join('\n')}\n`;
}
