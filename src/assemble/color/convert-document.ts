/**
 * Converts every colour in a PDF for print: the content streams of pages,
 * form XObjects (furniture, SVG drawings, soft masks), tiling patterns,
 * Type 3 glyphs and annotation appearances; shadings; raster images; the
 * transparency groups' blending spaces. See rewrite-colors.ts for what each
 * mode does. Shared objects (a furniture form on every page) are converted once.
 */
import zlib from 'node:zlib';
import { decodeStream } from '../stream-bytes.ts';
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { embedIccProfile } from '../output-intent.ts';
import { convertImage } from './images.ts';
import { convertShading } from './shadings.ts';
import { deviceFamily, grayOf, rewriteColors, type ColorMode, type SpaceFamily } from './rewrite-colors.ts';

const ICC_RGB_NAME = 'CBsRGB';

export interface ColorReport {
  streams: number;
  operators: number;
  images: number;
  shadings: number;
  /** What was left unconverted, with where it was found. */
  unconverted: string[];
}

export async function convertDocumentColors(doc: PDFDocument, mode: ColorMode): Promise<ColorReport> {
  const report: ColorReport = { streams: 0, operators: 0, images: 0, shadings: 0, unconverted: [] };
  const done = new Set<string>();
  let iccRgb: PDFArray | null = null;
  const iccRgbSpace = (): PDFArray => {
    iccRgb ??= doc.context.obj([PDFName.of('ICCBased'), embedIccProfile(doc, 'sRGB.icc', 3)]);
    return iccRgb;
  };
  const ctx = doc.context;
  const lookupDict = (obj: PDFObject | undefined): PDFDict | undefined => {
    const value = obj instanceof PDFRef ? ctx.lookup(obj) : obj;
    return value instanceof PDFDict ? value : undefined;
  };
  const once = (ref: PDFObject | undefined): boolean => {
    if (!(ref instanceof PDFRef)) return true;
    if (done.has(ref.toString())) return false;
    done.add(ref.toString());
    return true;
  };

  const familyIn =
    (resources: PDFDict | undefined) =>
    (name: string): SpaceFamily => {
      const spaces = lookupDict(resources?.get(PDFName.of('ColorSpace')));
      return spaceFamily(ctx.lookup(spaces?.get(PDFName.of(name))));
    };

  const convertContent = (content: PDFStream | Uint8Array, resources: PDFDict | undefined, where: string): Uint8Array | null => {
    const text = Buffer.from(content instanceof Uint8Array ? content : decodeStream(content)).toString('latin1');
    const result = rewriteColors(text, { mode, familyOf: familyIn(resources), iccRgbName: ICC_RGB_NAME });
    report.streams++;
    report.operators += result.converted;
    for (const item of result.unconverted) report.unconverted.push(`${where}: ${item}`);
    if (result.usedIccRgb && resources) {
      let spaces = lookupDict(resources.get(PDFName.of('ColorSpace')));
      if (!spaces) {
        spaces = ctx.obj({});
        resources.set(PDFName.of('ColorSpace'), spaces);
      }
      spaces.set(PDFName.of(ICC_RGB_NAME), iccRgbSpace());
    }
    return result.text === text ? null : Buffer.from(result.text, 'latin1');
  };

  const replaceStream = (ref: PDFRef, stream: PDFStream, bytes: Uint8Array): void => {
    const dict = stream.dict.clone(ctx);
    dict.delete(PDFName.of('DecodeParms'));
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    const next = PDFRawStream.of(dict, zlib.deflateSync(bytes));
    ctx.assign(ref, next);
  };

  const convertGroup = (dict: PDFDict): void => {
    const group = lookupDict(dict.get(PDFName.of('Group')));
    if (!group || !group.get(PDFName.of('CS'))) return;
    const family = spaceFamily(ctx.lookup(group.get(PDFName.of('CS'))));
    if (family === 'rgb' || family === 'cmyk') {
      group.set(PDFName.of('CS'), mode === 'gray' ? PDFName.of('DeviceGray') : PDFName.of('DeviceCMYK'));
    }
  };

  /** Resources: XObjects, patterns, shadings, soft masks in graphics states, Type 3 fonts. */
  const walkResources = (resources: PDFDict | undefined, where: string): void => {
    if (!resources) return;
    const xobjects = lookupDict(resources.get(PDFName.of('XObject')));
    for (const [name, ref] of xobjects?.entries() ?? []) {
      if (!once(ref)) continue;
      const xobject = ctx.lookup(ref);
      if (!(xobject instanceof PDFStream)) continue;
      const subtype = xobject.dict.get(PDFName.of('Subtype'))?.toString();
      if (subtype === '/Form') walkForm(ref, xobject, `${where} form ${name.asString()}`, resources);
      else if (subtype === '/Image' && ref instanceof PDFRef) {
        const outcome = convertImage(doc, ref, xobject, mode, iccRgbSpace);
        if (outcome === 'converted') report.images++;
        else if (outcome !== 'unchanged') report.unconverted.push(`${where} image ${name.asString()}: ${outcome}`);
      }
    }
    const patterns = lookupDict(resources.get(PDFName.of('Pattern')));
    for (const [name, ref] of patterns?.entries() ?? []) {
      if (!once(ref)) continue;
      const pattern = ctx.lookup(ref);
      if (pattern instanceof PDFStream) walkForm(ref, pattern, `${where} pattern ${name.asString()}`, resources);
      else if (pattern instanceof PDFDict) {
        const shadingRef = pattern.get(PDFName.of('Shading'));
        if (once(shadingRef)) shade(shadingRef, `${where} pattern ${name.asString()}`);
      }
    }
    const shadings = lookupDict(resources.get(PDFName.of('Shading')));
    for (const [name, ref] of shadings?.entries() ?? []) {
      if (once(ref)) shade(ref, `${where} shading ${name.asString()}`);
    }
    const states = lookupDict(resources.get(PDFName.of('ExtGState')));
    for (const [, ref] of states?.entries() ?? []) {
      const softMask = lookupDict(lookupDict(ref)?.get(PDFName.of('SMask')));
      const groupRef = softMask?.get(PDFName.of('G'));
      const group = groupRef ? ctx.lookup(groupRef) : undefined;
      if (!softMask || !groupRef || !(group instanceof PDFStream) || !once(groupRef)) continue;
      // The backdrop colour is in the group's colour space, which changes with it.
      const backdrop = softMask
        .lookupMaybe(PDFName.of('BC'), PDFArray)
        ?.asArray()
        .map((v) => Number(v.toString()));
      if (backdrop?.length === 3) {
        const lightness = grayOf('rgb', backdrop);
        softMask.set(PDFName.of('BC'), ctx.obj(mode === 'gray' ? [lightness] : [0, 0, 0, 1 - lightness]));
      }
      walkForm(groupRef, group, `${where} soft mask`, resources);
    }
    const fonts = lookupDict(resources.get(PDFName.of('Font')));
    for (const [name, ref] of fonts?.entries() ?? []) {
      const font = lookupDict(ref);
      if (!font || font.get(PDFName.of('Subtype'))?.toString() !== '/Type3' || !once(ref)) continue;
      const procs = lookupDict(font.get(PDFName.of('CharProcs')));
      const fontResources = lookupDict(font.get(PDFName.of('Resources'))) ?? resources;
      for (const [, procRef] of procs?.entries() ?? []) {
        const proc = ctx.lookup(procRef);
        if (proc instanceof PDFStream && procRef instanceof PDFRef && once(procRef)) {
          const bytes = convertContent(proc, fontResources, `${where} Type 3 font ${name.asString()}`);
          if (bytes) replaceStream(procRef, proc, bytes);
        }
      }
    }
  };

  const walkForm = (ref: PDFObject, form: PDFStream, where: string, inherited: PDFDict | undefined): void => {
    const resources = lookupDict(form.dict.get(PDFName.of('Resources'))) ?? inherited;
    convertGroup(form.dict);
    const bytes = convertContent(form, resources, where);
    if (bytes && ref instanceof PDFRef) replaceStream(ref, form, bytes);
    walkResources(resources, where);
  };

  const shade = (ref: PDFObject | undefined, where: string): void => {
    if (!ref) return;
    const shading = ctx.lookup(ref);
    if (!(shading instanceof PDFDict) && !(shading instanceof PDFStream)) return;
    const outcome = convertShading(doc, shading, mode, iccRgbSpace);
    if (outcome === 'converted') report.shadings++;
    else if (outcome !== 'unchanged') report.unconverted.push(`${where}: ${outcome}`);
  };

  for (const [index, page] of doc.getPages().entries()) {
    const where = `page ${index + 1}`;
    const resources = page.node.Resources();
    convertGroup(page.node);
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFRef ? [contents] : contents instanceof PDFArray ? contents.asArray() : [];
    // Content split over several streams may cut an operation in two: convert them joined, write one stream.
    const streams = refs.map((r) => ctx.lookup(r)).filter((s): s is PDFStream => s instanceof PDFStream);
    if (streams.length > 0) {
      const joined = Buffer.concat(streams.flatMap((s) => [Buffer.from(decodeStream(s)), Buffer.from('\n')]));
      const bytes = convertContent(joined, resources, where);
      if (bytes) {
        const ref = ctx.register(PDFRawStream.of(ctx.obj({ Filter: 'FlateDecode' }), zlib.deflateSync(bytes)));
        page.node.set(PDFName.of('Contents'), ref);
      }
    }
    walkResources(resources, where);
    const annots = page.node.Annots();
    for (const annot of annots?.asArray() ?? []) {
      const appearance = lookupDict(lookupDict(annot)?.get(PDFName.of('AP')));
      for (const [, entry] of appearance?.entries() ?? []) {
        const value = ctx.lookup(entry);
        const forms = value instanceof PDFDict ? value.values() : [entry];
        for (const formRef of forms) {
          const form = ctx.lookup(formRef);
          if (form instanceof PDFStream && once(formRef)) walkForm(formRef, form, `${where} annotation`, undefined);
        }
      }
    }
    if (index % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
  }
  return report;
}

/** The family of a colour space object (a name, or an array such as [/ICCBased ref]). */
export function spaceFamily(space: PDFObject | undefined): SpaceFamily {
  if (space instanceof PDFName) return deviceFamily(space.asString().slice(1)) ?? 'other';
  if (!(space instanceof PDFArray) || space.size() === 0) return 'other';
  const kind = space.get(0).toString().slice(1);
  switch (kind) {
    case 'ICCBased': {
      const profile = space.lookup(1);
      const n = profile instanceof PDFStream ? Number(profile.dict.get(PDFName.of('N'))?.toString()) : 0;
      return n === 1 ? 'gray' : n === 3 ? 'rgb' : n === 4 ? 'cmyk' : 'other';
    }
    case 'CalRGB':
      return 'rgb';
    case 'CalGray':
      return 'gray';
    case 'Pattern':
      return 'pattern';
    default:
      return 'other';
  }
}

export { decodeStream };
