/**
 * The DOCX's pictures back into the course. Pictures go to `content/<lang>/images/`,
 * under the name their title recorded at export (the source's
 * `images/credit-cycle.svg`, see encodeImageTitle), else `<chapter>-<n>.<ext>`. An
 * existing different file is never overwritten: the picture gets a free name instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../report/atomic-write.ts';
import { emptyAttr, type Inline } from '../pandoc/ast.ts';
import { assertInside } from './course-paths.ts';
import { IMPORT_CODE, type ImportReport } from './report.ts';

export class ImagePlacer {
  private readonly placed = new Map<string, string>();
  private readonly pending = new Map<string, Uint8Array>();
  private count = 0;

  constructor(
    private readonly chapterDir: string,
    private readonly media: Record<string, Uint8Array>,
    private readonly stem: string,
    private readonly report: ImportReport,
  ) {}

  /** The image, pointing where its picture goes (each extracted picture is placed once). */
  image(inline: Extract<Inline, { t: 'Image' }>): Inline {
    const [, alt, [src, title]] = inline.c;
    const data = this.media[src];
    if (!data) return { t: 'Image', c: [emptyAttr(), alt, [src, '']] };
    const [first = '', ...titleLines] = title.split('\n').map((line) => line.trim());
    // Our title is the source path, then the Markdown title; a picture added in Word has its own.
    const ours = /^\S(?:.*\S)?\.[A-Za-z0-9]+$/.test(first);
    let rel = this.placed.get(src);
    if (!rel) {
      rel = this.place(data, ours ? first : '', path.extname(src).toLowerCase());
      this.placed.set(src, rel);
    }
    return { t: 'Image', c: [emptyAttr(), alt, [encodeURI(rel), ours ? titleLines.join('\n') : '']] };
  }

  /** Relative path (from the chapter) for these bytes. */
  private place(data: Uint8Array, recorded: string, ext: string): string {
    const wanted = this.wantedName(recorded, ext);
    const dir = path.posix.dirname(wanted);
    const stem = path.posix.basename(wanted, ext);
    for (let n = 1; ; n++) {
      const candidate = `${dir}/${n === 1 ? stem : `${stem}-${n}`}${ext}`;
      const pending = this.pending.get(candidate);
      if (pending) {
        if (Buffer.from(pending).equals(Buffer.from(data))) return candidate;
        continue;
      }
      const file = path.join(this.chapterDir, ...candidate.split('/'));
      if (fs.existsSync(file)) {
        if (fs.readFileSync(file).equals(Buffer.from(data))) {
          this.pending.set(candidate, data);
          return candidate;
        }
        if (n === 1) {
          this.report.bag.info({
            code: IMPORT_CODE,
            message: `${candidate} already exists with other content: this picture is saved under another name`,
            file: this.report.relPath,
          });
        }
        continue;
      }
      this.pending.set(candidate, data);
      return candidate;
    }
  }

  private wantedName(recorded: string, ext: string): string {
    // The recorded path, if it is a plain relative one; always under images/, with the real extension.
    const clean = recorded
      .split('/')
      .filter((part) => part !== '' && part !== '.' && part !== '..')
      .map((part) => part.replace(/[^\p{L}\p{N}._-]+/gu, '-'))
      .join('/');
    if (clean !== '' && !recorded.startsWith('/')) {
      const withoutExt = clean.replace(/\.[A-Za-z0-9]+$/, '');
      const under = withoutExt.startsWith('images/') ? withoutExt : `images/${path.posix.basename(withoutExt)}`;
      return `${under}${ext}`;
    }
    this.count++;
    return `images/${this.stem}-${this.count}${ext}`;
  }

  /** Writes the new pictures; returns every picture's absolute path. */
  write(root: string): string[] {
    const files: string[] = [];
    for (const [rel, data] of this.pending) {
      const file = path.join(this.chapterDir, ...rel.split('/'));
      assertInside(root, file);
      if (!fs.existsSync(file)) writeFileAtomic(file, data);
      files.push(file);
    }
    return files;
  }
}
