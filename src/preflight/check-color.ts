/**
 * Colour against the target: a gray book has no colour operator, image or
 * shading left outside DeviceGray; a PDF/X file has its output intent, and
 * no device colour its intent cannot print (DeviceRGB under a CMYK intent,
 * DeviceCMYK under an RGB one).
 */
import { PDFArray, PDFName, type PDFDict, type PDFDocument } from 'pdf-lib';
import { readOutputIntent } from '../assemble/output-intent.ts';
import { spaceFamily } from '../assemble/color/convert-document.ts';
import { findColorOperators, type SpaceFamily } from '../assemble/color/rewrite-colors.ts';
import { parseContent } from '../assemble/color/content-stream.ts';
import type { PrintTarget } from '../config/print-targets.ts';
import type { PreflightOptions, Violation } from './types.ts';
import { lookupDict, type PdfObjects } from './walk.ts';

/** At most this many colour findings are listed per page (the first ones say enough). */
const PER_PAGE = 3;

export function checkColor(doc: PDFDocument, objects: PdfObjects, rules: PrintTarget, options: PreflightOptions): Violation[] {
  const found: Violation[] = [];
  const perPage = new Map<number, number>();
  const add = (violation: Violation): void => {
    const count = perPage.get(violation.page ?? 0) ?? 0;
    perPage.set(violation.page ?? 0, count + 1);
    if (count < PER_PAGE) found.push(violation);
  };
  const familyIn =
    (resources: PDFDict | undefined) =>
    (name: string): SpaceFamily =>
      spaceFamily(doc.context.lookup(lookupDict(doc, resources?.get(PDFName.of('ColorSpace')))?.get(PDFName.of(name))));

  if (options.color === 'gray') {
    const hint = 'build with print.color: gray (coursebook converts every colour), or convert the picture to grayscale';
    for (const unit of objects.contents) {
      for (const op of findColorOperators(unit.text, familyIn(unit.resources))) {
        add({
          severity: 'error',
          code: 'preflight/color-in-gray',
          message: `${unit.where}: colour operator "${op}" in a gray book`,
          page: unit.page,
          hint,
        });
      }
    }
    for (const image of objects.images) {
      if (image.stream.dict.get(PDFName.of('ImageMask'))?.toString() === 'true') continue;
      const space = image.stream.dict.lookup(PDFName.of('ColorSpace'));
      const family = spaceFamily(space instanceof PDFArray && space.get(0)?.toString() === '/Indexed' ? space.lookup(1) : space);
      if (family !== 'gray')
        add({
          severity: 'error',
          code: 'preflight/color-in-gray',
          message: `image ${image.name} is in ${image.stream.dict.get(PDFName.of('ColorSpace'))?.toString() ?? 'no colour space'}, not DeviceGray`,
          page: image.page,
          hint,
        });
    }
    for (const shading of objects.shadings) {
      if (spaceFamily(shading.dict.lookup(PDFName.of('ColorSpace'))) !== 'gray')
        add({ severity: 'error', code: 'preflight/color-in-gray', message: 'a gradient (shading) in colour', page: shading.page, hint });
    }
  }

  if (rules.standard !== null) {
    const intent = readOutputIntent(doc);
    if (!intent || intent.subtype !== 'GTS_PDFX') {
      found.push({
        severity: 'error',
        code: 'preflight/output-intent',
        message: `no PDF/X output intent (${rules.standard} needs /OutputIntents with /S /GTS_PDFX and an ICC profile)`,
        hint: `build with print.target: ${rules.name}`,
      });
    } else {
      // Device colour the intent's profile cannot print.
      const forbidden = intent.components === 4 ? 'rgb' : intent.components === 3 ? 'cmyk' : null;
      if (forbidden) {
        const deviceName = forbidden === 'rgb' ? 'DeviceRGB' : 'DeviceCMYK';
        const operators = forbidden === 'rgb' ? ['rg', 'RG'] : ['k', 'K'];
        // Most streams have no such operator at all: a token search spares parsing them.
        const token =
          forbidden === 'rgb' ? /(?:^|[\s\])>])(?:rg|RG|DeviceRGB)(?=[\s[(</%]|$)/m : /(?:^|[\s\])>])(?:k|K|DeviceCMYK)(?=[\s[(</%]|$)/m;
        for (const unit of objects.contents) {
          if (!token.test(unit.text)) continue;
          const op = parseContent(unit.text).find(
            (o) =>
              operators.includes(o.operator) || ((o.operator === 'cs' || o.operator === 'CS') && o.operands[0]?.text === `/${deviceName}`),
          );
          if (op)
            add({
              severity: 'error',
              code: 'preflight/unmanaged-color',
              message: `${unit.where}: ${deviceName} colour ("${op.operands.map((o) => o.text).join(' ')} ${op.operator}") under a ${intent.identifier} output intent`,
              page: unit.page,
              hint: `build with print.target: ${rules.name}: coursebook converts ${deviceName} colours`,
            });
        }
        for (const image of objects.images) {
          const space = image.stream.dict.lookup(PDFName.of('ColorSpace'));
          // A palette image's colours are in its base space: [/Indexed base hival lookup].
          const base = space instanceof PDFArray && space.get(0)?.toString() === '/Indexed' ? space.lookup(1) : space;
          if (base?.toString() === `/${deviceName}`) {
            add({
              severity: 'error',
              code: 'preflight/unmanaged-color',
              message: `image ${image.name} in ${deviceName} under a ${intent.identifier} output intent`,
              page: image.page,
              hint: 'give the image an ICC-based colour space (coursebook does for its targets)',
            });
          }
        }
      }
    }
  }
  return found;
}
