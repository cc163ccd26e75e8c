/**
 * The chapter's pictures for pandoc: local images become flat-named resources
 * (pandoc-wasm's file system has no folders), remote ones stay literal Markdown.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DiagnosticBag } from '../../diagnostics/diagnostic.ts';
import { encodeImageTitle, STYLE } from '../docx-layout.ts';
import { inlineText, type Inline } from '../pandoc/ast.ts';
import { styledSpan } from './styled.ts';

export class ImageResources {
  readonly resources: Record<string, Uint8Array> = {};
  failed = false;
  private readonly byFile = new Map<string, string>();
  private readonly originals = new Map<string, string>();

  constructor(
    private readonly root: string,
    private readonly chapterFile: string,
    private readonly relPath: string,
    private readonly bag: DiagnosticBag,
  ) {}

  image(inline: Extract<Inline, { t: 'Image' }>): Inline {
    const [attr, alt, [src, title]] = inline.c;
    if (src.startsWith('data:')) return inline;
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
      this.bag.warn({
        code: 'translate/remote-image',
        message: `remote image "${src}" is not embedded: it stays as Markdown text in the DOCX`,
        file: this.relPath,
      });
      const titlePart = title ? ` "${title.replace(/"/g, '\\"')}"` : '';
      return styledSpan(STYLE.raw, `![${inlineText(alt)}](${src}${titlePart})`);
    }
    let decoded = src;
    try {
      decoded = decodeURIComponent(src);
    } catch {
      // a literal "%" in the name
    }
    const target = path.resolve(path.dirname(this.chapterFile), decoded);
    const inRoot = path.relative(this.root, target);
    if (inRoot.startsWith('..') || path.isAbsolute(inRoot)) {
      this.fail(`image path "${src}" leaves the course folder`, 'keep images inside the course folder, e.g. content/<lang>/images/');
      return inline;
    }
    let name = this.byFile.get(target);
    if (!name) {
      let data: Buffer;
      try {
        data = fs.readFileSync(target);
      } catch {
        this.fail(`image "${src}" not found`, `create ${inRoot.split(path.sep).join('/')} or fix the path (relative to the chapter file)`);
        return inline;
      }
      name = `img-${this.byFile.size + 1}${path.extname(target).toLowerCase()}`;
      this.byFile.set(target, name);
      this.resources[name] = new Uint8Array(data);
      this.originals.set(name, inRoot.split(path.sep).join('/'));
    }
    const relToChapter = path.relative(path.dirname(this.chapterFile), target).split(path.sep).join('/');
    return { t: 'Image', c: [attr, alt, [name, encodeImageTitle(relToChapter, title)]] };
  }

  /** A pandoc warning with the resource names turned back into the course's paths. */
  describe(warning: string): string {
    let text = warning;
    for (const [name, original] of this.originals) text = text.split(name).join(original);
    return text;
  }

  private fail(message: string, hint: string): void {
    this.failed = true;
    this.bag.error({ code: 'markdown/missing-image', message, file: this.relPath, hint });
  }
}
