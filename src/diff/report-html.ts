/** The HTML report of `coursebook diff`: each changed page old and new side by side, the changed pixels, the text diff. */
import path from 'node:path';
import type { DiffSummary } from './diff-command.ts';

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function reportHtml(summary: DiffSummary, outDir: string): string {
  const src = (file: string): string => escape(path.relative(outDir, file).split(path.sep).join('/'));
  const sections: string[] = [];
  for (const file of summary.onlyInOld) sections.push(`<h2>${escape(file)}</h2><p class="removed">Only in the old build.</p>`);
  for (const file of summary.onlyInNew) sections.push(`<h2>${escape(file)}</h2><p class="added">Only in the new build.</p>`);
  for (const file of summary.files) {
    const parts = [
      `<h2>${escape(file.name)}</h2>`,
      `<p>${file.oldPages} → ${file.newPages} pages; ${file.changed.length} changed, ${file.added.length} added, ${file.removed.length} removed, ${file.moved} only renumbered.</p>`,
    ];
    for (const page of file.changed) {
      const text = page.textDiff
        .map((p) => `<span class="${p.added ? 'ins' : p.removed ? 'del' : 'same'}">${escape(p.value)}</span>`)
        .join('');
      parts.push(`<section class="page">
<h3>Page ${escape(page.oldLabel)}${page.oldLabel === page.newLabel ? '' : ` → ${escape(page.newLabel)}`} changed (${page.changedPixels} pixels)</h3>
<div class="images"><figure><img src="${src(page.images.old)}"><figcaption>old ${escape(page.oldLabel)}</figcaption></figure><figure><img src="${src(page.images.new)}"><figcaption>new ${escape(page.newLabel)}</figcaption></figure><figure><img src="${src(page.images.diff)}"><figcaption>changed pixels</figcaption></figure></div>
<pre class="text">${text}</pre></section>`);
    }
    for (const page of file.added)
      parts.push(`<section class="page"><h3 class="added">Page ${escape(page.label)} added</h3><img src="${src(page.image)}"></section>`);
    for (const page of file.removed)
      parts.push(
        `<section class="page"><h3 class="removed">Old page ${escape(page.label)} removed</h3><img src="${src(page.image)}"></section>`,
      );
    sections.push(parts.join('\n'));
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>coursebook diff</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; background: #f4f4f4; }
.images { display: flex; gap: 12px; flex-wrap: wrap; }
figure { margin: 0; } img { box-shadow: 0 1px 3px #999; background: #fff; }
pre.text { white-space: pre-wrap; background: #fff; padding: 0.6em; border: 1px solid #ddd; }
.ins { background: #d4f7d4; } .del { background: #fbd3d3; text-decoration: line-through; } .same { color: #777; }
.added { color: #176b17; } .removed { color: #a11; }
</style></head><body>
<h1>coursebook diff: ${summary.changed ? 'changes found' : 'nothing changed'}</h1>
${sections.join('\n')}
</body></html>
`;
}
