/**
 * The DOCX's AST to the chapter's: element by element first (word-styles.ts),
 * then along the top level, where the front matter and the fenced divs are found
 * in document order.
 */
import type { Block, PandocDocument } from '../pandoc/ast.ts';
import { FenceBalancer, fenceFromMarker, isFenceMarker, spaceRawBlocks, unfenceNested } from './fences.ts';
import { frontMatterFrom, isFrontMatterMarker } from './front-matter.ts';
import type { ImagePlacer } from './images.ts';
import type { ImportReport } from './report.ts';
import type { TableBlock } from './tables.ts';
import { resolveWordStyles } from './word-styles.ts';

interface Chapter {
  blocks: Block[];
  /** The front matter, or null if the DOCX has no front-matter table. */
  frontMatter: Record<string, unknown> | null;
}

export function toCoursebook(doc: PandocDocument, images: ImagePlacer, report: ImportReport): Chapter {
  const { blocks, originalTables } = resolveWordStyles(doc.blocks, images);
  const chapter = arrangeTopLevel(blocks, originalTables, report);
  return { blocks: unfenceNested(spaceRawBlocks(chapter.blocks)), frontMatter: chapter.frontMatter };
}

/**
 * One pass along the top level: the front-matter marker and table are taken out,
 * fence markers become balanced `:::` lines. A plain paragraph reading "::: trainer"
 * is a fence line too, so both are decided in the same, document-ordered pass.
 */
function arrangeTopLevel(blocks: Block[], originalTables: Map<Block, TableBlock>, report: ImportReport): Chapter {
  const fences = new FenceBalancer(report);
  const out: Block[] = [];
  let frontMatter: Record<string, unknown> | null = null;
  let markerSeen = false;
  let headingSeen = false;
  for (const block of blocks) {
    if (isFrontMatterMarker(block)) {
      markerSeen = true;
      continue;
    }
    // The front matter is the first table with a "title" row before any heading.
    if (frontMatter === null && !headingSeen && block.t === 'Table') {
      frontMatter = frontMatterFrom(originalTables.get(block) ?? block, report);
      if (frontMatter) {
        // Without its style, the instruction paragraph before the table is plain text: drop it too.
        if (!markerSeen && out.length === 1 && out[0]?.t === 'Para') out.pop();
        continue;
      }
    }
    if (block.t === 'Header') headingSeen = true;
    if (isFenceMarker(block)) out.push(...fences.place(fenceFromMarker(block)));
    else out.push(block);
  }
  out.push(...fences.closeAll());
  return { blocks: out, frontMatter };
}
