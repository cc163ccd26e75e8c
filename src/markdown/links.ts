/**
 * Links in print. `[text](#id)` must name an id of the edition. A link to
 * another chapter by its file name (`[text](03-create.md)`,
 * `[text](03-create.md#a-heading)`) becomes an internal link followed by the
 * page the target is printed on, like a cross-reference; a broken one is an
 * error with file:line. A link out of the course prints its address beside
 * the text, since paper has no hover.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Tokens } from 'marked';
import { BUILTIN_TEMPLATES } from '../project-paths.ts';
import { pageAnchorId, slugify } from './ids.ts';
import type { SourceLocator } from './locate.ts';
import type { RenderContext } from './render-chapter.ts';
import { pageSlot } from './render-chapter.ts';
import { escapeHtml } from './sanitize-html.ts';
import type { ParsedChapter, RefIndex, RefTarget } from './types.ts';

/**
 * `[text](#id)`: the id must exist in this edition. It may be an author key
 * (`#sec:board-role`, rewritten to its HTML id) or an HTML id: a heading,
 * figure, table or exercise of the edition, an `id` written in the chapter's
 * raw HTML, a footnote, or an id the layout templates write (`#toc`).
 */
export function checkInternalLink(token: Tokens.Link, parsed: ParsedChapter, locator: SourceLocator, ctx: RenderContext): void {
  const fragment = decodeFragment(token.href.slice(1));
  if (fragment === '') return; // "#": the top of the document
  const stem = parsed.chapter.name.replace(/\.md$/i, '');
  const chapterTarget = ctx.refs.get(`ch:${stem}`);
  // An author key, or a heading of this chapter by Pandoc's identifier of its title (`#exploring-other-directories`).
  const byKey = ctx.refs.get(fragment) ?? (chapterTarget ? sectionOf(ctx.refs, chapterTarget, stem, fragment) : null);
  if (byKey) {
    token.href = `#${byKey.htmlId}`;
    return;
  }
  if (editionIds(ctx.refs).has(fragment) || FOOTNOTE_ID.test(fragment)) return;
  const { chapter } = parsed;
  if (rawHtmlIds(chapter.body).has(fragment) || templateIds(courseRootOf(chapter)).has(fragment)) return;
  const at = locator.locate(token.raw);
  const diagnostic = {
    code: 'markdown/broken-link',
    message: `link to "#${fragment}", an id that does not exist in the ${ctx.edition} edition`,
    file: chapter.relPath,
    ...at,
    hint: 'link to a heading, figure or table by its id, e.g. [see](#sec:board-role) after "## Title {#sec:board-role}"; a target inside a block hidden from this edition does not exist in it',
  };
  // Answers are rendered twice in the trainer edition (in place and in the answer key): report once.
  const seen = ctx.bag.items.some(
    (d) =>
      d.code === diagnostic.code &&
      d.file === diagnostic.file &&
      d.line === at.line &&
      d.column === at.column &&
      d.message === diagnostic.message,
  );
  if (!seen) ctx.bag.error(diagnostic);
}

/** Ids marked-footnote writes (`fn-c2-ref-1`, `fn-c2-note`, `fn-c2-label`). */
const FOOTNOTE_ID = /^fn-c\d+-/;

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

const editionIdsCache = new WeakMap<RefIndex, Set<string>>();
function editionIds(refs: RefIndex): Set<string> {
  let ids = editionIdsCache.get(refs);
  if (!ids) {
    ids = new Set([...refs.values()].flatMap((t) => [t.htmlId, pageAnchorId(t.htmlId)]));
    editionIdsCache.set(refs, ids);
  }
  return ids;
}

/** `id="…"` and `name="…"` attributes written in a chapter's raw HTML. */
function rawHtmlIds(body: string): Set<string> {
  const idOrName = /<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/g;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- one of the three alternatives matched, and the first two were not
  return new Set([...body.matchAll(idOrName)].map((m) => m[1] ?? m[2] ?? m[3]!));
}

/** `content/<lang>/<name>.md` → the course folder. */
function courseRootOf(chapter: ParsedChapter['chapter']): string {
  const rel = chapter.relPath.split('/').join(path.sep);
  return chapter.file.endsWith(rel) ? chapter.file.slice(0, chapter.file.length - rel.length) : path.dirname(chapter.file);
}

/**
 * Literal ids in the built-in and the course's templates (`<nav id="toc">`);
 * computed ids (`id="{{…}}"`) are targets already. Read only for a link no
 * target matches, so never cached (templates may change between builds).
 */
function templateIds(courseRoot: string): Set<string> {
  const ids = new Set<string>();
  for (const dir of [BUILTIN_TEMPLATES, path.join(courseRoot, 'templates')]) {
    for (const file of hbsFiles(dir)) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/\sid\s*=\s*"([^"{}]+)"/g)) ids.add(match[1]!);
    }
  }
  return ids;
}

function hbsFiles(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return hbsFiles(full);
    return e.isFile() && e.name.endsWith('.hbs') ? [full] : [];
  });
}

/** `03-create.md`, `./03-create.md#naming-files`, `../fr/03-create.md`: a link to a chapter file. */
const CHAPTER_FILE = /^(?![a-z][a-z0-9+.-]*:)([^#?]*\.md)(#.*)?$/i;

/**
 * A link to a chapter file: the link and the target's page, or the text alone
 * after an error. Undefined when the link is not to a `.md` file.
 */
export function renderChapterLink(
  token: Tokens.Link,
  inner: () => string,
  parsed: ParsedChapter,
  locator: SourceLocator,
  ctx: RenderContext,
): string | undefined {
  const match = CHAPTER_FILE.exec(token.href);
  if (!match) return undefined;
  const { chapter } = parsed;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
  const file = decodeFragment(match[1]!);
  const fragment = match[2] ? decodeFragment(match[2].slice(1)) : '';
  const stem = path.basename(file).replace(/\.md$/i, '');
  const report = (message: string, hint: string): string => {
    reportOnce(ctx, { code: 'markdown/broken-link', message, file: chapter.relPath, ...locator.locate(token.raw), hint });
    return inner();
  };
  const chapterTarget = ctx.refs.get(`ch:${stem}`);
  if (!chapterTarget) {
    const written = path.resolve(path.dirname(chapter.file), file);
    return fs.existsSync(written)
      ? report(
          `link to "${token.href}", a chapter that is not in the ${ctx.edition} edition`,
          'link to it only from a block shown in the same editions as that chapter',
        )
      : report(
          `link to "${token.href}": there is no chapter of that name in the course`,
          'link to a chapter by its file name, e.g. [creating files](03-create.md), or to a heading in it, [naming](03-create.md#naming-files); for a page published elsewhere, write its full address (https://…), which is printed beside the text',
        );
  }
  const target = fragment === '' ? chapterTarget : sectionOf(ctx.refs, chapterTarget, stem, fragment);
  if (!target) {
    return report(
      `link to "${token.href}": "${fragment}" is neither a heading nor an {#id} of ${stem}.md in the ${ctx.edition} edition`,
      "use the heading's {#id}, or its title in lower case with dashes for spaces (Pandoc's identifiers), e.g. #naming-files",
    );
  }
  const after = ctx.afterReference?.(target, { chapter: parsed, line: locator.locate(token.raw).line }) ?? '';
  return `<a class="xref" href="#${target.htmlId}">${inner()}</a> (${escapeHtml(ctx.t('page'))}\u00a0${pageSlot(target.htmlId)})${after}`;
}

/** A heading of the chapter by author id, by coursebook's generated id, or by Pandoc's identifier of its title. */
function sectionOf(refs: RefIndex, chapter: RefTarget, stem: string, fragment: string): RefTarget | null {
  const byKey = refs.get(fragment) ?? refs.get(`sec:${stem}-${fragment}`);
  if (byKey && byKey.chapterNumber === chapter.chapterNumber) return byKey;
  const wanted = slugify(fragment);
  for (const target of refs.values()) {
    if (target.chapterNumber !== chapter.chapterNumber || target.kind === 'chapter') continue;
    if (target.htmlId === fragment || slugify(target.title) === wanted) return target;
  }
  return null;
}

/** `[text](https://…)`: the link, then its address in parentheses (a bare URL is printed once). */
export function renderExternalLink(token: Tokens.Link, inner: () => string): string | false {
  if (!/^(https?:|mailto:)/i.test(token.href)) return false;
  const address = token.href.replace(/^mailto:/i, '');
  const text = inner();
  const link = `<a href="${escapeHtml(token.href)}">${text}</a>`;
  if (token.text === token.href || token.text === address) return link;
  return `${link}<span class="link-url"> (${escapeHtml(address)})</span>`;
}

function reportOnce(ctx: RenderContext, diagnostic: Parameters<RenderContext['bag']['error']>[0]): void {
  // Answers are rendered twice in the trainer edition (in place and in the answer key): report once.
  const seen = ctx.bag.items.some(
    (d) =>
      d.code === diagnostic.code &&
      d.file === diagnostic.file &&
      d.line === diagnostic.line &&
      d.column === diagnostic.column &&
      d.message === diagnostic.message,
  );
  if (!seen) ctx.bag.error(diagnostic);
}
