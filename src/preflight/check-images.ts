/**
 * Raster images against print resolution: each image's pixels over the size
 * it is drawn at (the current transformation matrix where `Do` draws it,
 * through nested forms). Under 300 ppi prints soft on every printer here.
 */
import { PDFArray, PDFName, PDFNumber, PDFStream, type PDFDict, type PDFDocument } from 'pdf-lib';
import { parseContent } from '../assemble/color/content-stream.ts';
import { decodeStream } from '../assemble/color/convert-document.ts';
import type { Violation } from './types.ts';
import { lookupDict } from './walk.ts';

export const MIN_PPI = 300;

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

export interface ImageUse {
  page: number;
  name: string;
  widthPx: number;
  heightPx: number;
  /** Effective resolution in pixels per inch (the lower of the two directions). */
  ppi: number;
}

/** Every drawing of a raster image, with its effective resolution. */
export function imageUses(doc: PDFDocument): ImageUse[] {
  const uses: ImageUse[] = [];
  const walk = (text: string, resources: PDFDict | undefined, ctm: Matrix, page: number, depth: number): void => {
    if (depth > 8) return;
    const stack: Matrix[] = [];
    let current = ctm;
    const xobjects = lookupDict(doc, resources?.get(PDFName.of('XObject')));
    for (const op of parseContent(text)) {
      if (op.operator === 'q') stack.push(current);
      else if (op.operator === 'Q') current = stack.pop() ?? ctm;
      else if (op.operator === 'cm' && op.operands.length === 6)
        current = multiply(op.operands.map((o) => (o.kind === 'number' ? o.value : 0)) as Matrix, current);
      else if (op.operator === 'Do' && op.operands[0]?.kind === 'name') {
        const name = op.operands[0].value;
        const stream = doc.context.lookup(xobjects?.get(PDFName.of(name)));
        if (!(stream instanceof PDFStream)) continue;
        const subtype = stream.dict.get(PDFName.of('Subtype'))?.toString();
        if (subtype === '/Image') {
          const widthPx = (stream.dict.lookup(PDFName.of('Width')) as PDFNumber).asNumber();
          const heightPx = (stream.dict.lookup(PDFName.of('Height')) as PDFNumber).asNumber();
          const widthIn = Math.hypot(current[0], current[1]) / 72;
          const heightIn = Math.hypot(current[2], current[3]) / 72;
          if (widthIn <= 0 || heightIn <= 0) continue;
          uses.push({ page, name, widthPx, heightPx, ppi: Math.min(widthPx / widthIn, heightPx / heightIn) });
        } else if (subtype === '/Form') {
          const matrix = stream.dict
            .lookupMaybe(PDFName.of('Matrix'), PDFArray)
            ?.asArray()
            .map((n) => (n as PDFNumber).asNumber()) as Matrix | undefined;
          const own = lookupDict(doc, stream.dict.get(PDFName.of('Resources'))) ?? resources;
          walk(Buffer.from(decodeStream(stream)).toString('latin1'), own, multiply(matrix ?? IDENTITY, current), page, depth + 1);
        }
      }
    }
  };
  doc.getPages().forEach((p, index) => {
    const contents = p.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    const text = refs
      .map((r) => doc.context.lookup(r))
      .filter((s): s is PDFStream => s instanceof PDFStream)
      .map((s) => Buffer.from(decodeStream(s)).toString('latin1'))
      .join('\n');
    if (!/\bDo\b/.test(text)) return;
    walk(text, p.node.Resources(), IDENTITY, index + 1, 0);
  });
  return uses;
}

export function checkImageResolution(doc: PDFDocument): Violation[] {
  return imageUses(doc)
    .filter((use) => use.ppi < MIN_PPI - 0.5)
    .map((use) => ({
      severity: 'warning' as const,
      code: 'preflight/image-resolution',
      message: `image ${use.name} (${use.widthPx} × ${use.heightPx} px) prints at ${Math.round(use.ppi)} ppi`,
      page: use.page,
      hint: `print needs ${MIN_PPI} ppi: use a picture with more pixels, or print it smaller`,
    }));
}
