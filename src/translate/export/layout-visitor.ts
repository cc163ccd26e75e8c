/**
 * The chapter's pandoc AST turned into the DOCX layout (docx-layout.ts): fence
 * lines as styled paragraphs, ids as visible `{#…}` text, cross-references and raw
 * Markdown as styled literal text, local images as embedded resources.
 */
import { divStyle, STYLE, XREF } from '../docx-layout.ts';
import { emptyAttr, inlineText, type AstVisitor, type Block, type Inline } from '../pandoc/ast.ts';
import type { FenceInfo } from './fences.ts';
import type { ImageResources } from './images.ts';
import { styledPara, styledSpan, textInlines } from './styled.ts';

/** The visitor for transformBlocks; `divs` comes from prepareFences. */
export function layoutVisitor(divs: Map<string, FenceInfo>, images: ImageResources): AstVisitor {
  return {
    inline: (inline) => layoutInline(inline, images),
    block: (block) => layoutBlock(block, divs),
  };
}

function layoutInline(inline: Inline, images: ImageResources): Inline | Inline[] {
  switch (inline.t) {
    case 'Cite': {
      // pandoc read `[@fig:x]` as a citation: give back its literal text, marked if it is a cross-reference.
      const literal = inlineText(inline.c[1]);
      return new RegExp(`^${XREF.source}$`).test(literal) ? styledSpan(STYLE.xref, literal) : inline.c[1];
    }
    case 'RawInline':
      return styledSpan(STYLE.raw, inline.c[1]);
    case 'Image':
      return images.image(inline);
    default:
      return inline;
  }
}

function layoutBlock(block: Block, divs: Map<string, FenceInfo>): Block | Block[] {
  switch (block.t) {
    case 'Div': {
      const fence = divs.get(block.c[0][1][0] ?? '');
      if (!fence) return block.c[1];
      const opener = `::: ${fence.name}${fence.title ? ` ${fence.title}` : ''}`;
      const closer = styledPara(STYLE.fenceEnd, [{ t: 'Str', c: ':::' }]);
      return [styledPara(divStyle(fence.name), [{ t: 'Str', c: opener }]), ...block.c[1], closer];
    }
    case 'Header': {
      const [level, attr, inlines] = block.c;
      return { t: 'Header', c: [level, emptyAttr(), attr[0] ? [...inlines, ...idMarker(attr[0])] : inlines] };
    }
    case 'Figure':
      return layoutFigure(block);
    case 'Table': {
      const [attr, caption, ...rest] = block.c;
      return { t: 'Table', c: [emptyAttr(), [caption[0], withCaptionId(caption[1], attr[0])], ...rest] };
    }
    case 'RawBlock':
      return styledPara(STYLE.raw, textInlines(block.c[1].replace(/\n+$/, '')));
    default:
      return block;
  }
}

function layoutFigure(block: Extract<Block, { t: 'Figure' }>): Block {
  const [attr, caption, content] = block.c;
  const rawOnly = content.length === 1 && content[0]?.t === 'Plain' && !JSON.stringify(content).includes('"t":"Image"');
  if (rawOnly) {
    // A remote image, kept as literal Markdown: its id goes into the same literal.
    const text = inlineText((content[0] as { c: Inline[] }).c) + (attr[0] ? `{#${attr[0]}}` : '');
    return { t: 'Para', c: [styledSpan(STYLE.raw, text)] };
  }
  return { t: 'Figure', c: [emptyAttr(), [caption[0], withCaptionId(caption[1], attr[0])], content] };
}

/** The visible id after a heading or caption, in the `cb-id` character style. */
function idMarker(id: string): Inline[] {
  return [{ t: 'Space' }, styledSpan(STYLE.id, `{#${id}}`)];
}

function withCaptionId(caption: Block[], id: string): Block[] {
  if (!id) return caption;
  const last = caption.at(-1);
  if (last && (last.t === 'Plain' || last.t === 'Para')) return [...caption.slice(0, -1), { t: last.t, c: [...last.c, ...idMarker(id)] }];
  return [...caption, { t: 'Plain', c: idMarker(id).slice(1) }];
}
