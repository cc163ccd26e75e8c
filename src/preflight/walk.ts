/**
 * Everything preflight reads from a PDF, page by page: each content stream
 * with the resources it draws with (page, form XObjects, tiling patterns,
 * annotation appearances, Type 3 glyphs), found once per object.
 */
import { PDFArray, PDFDict, PDFName, PDFRef, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { decodeStream } from '../assemble/color/convert-document.ts';

export interface ContentUnit {
  /** 1-based page where the stream was first met. */
  page: number;
  where: string;
  /** The stream's content, decoded on first use: most targets need no check that reads it. */
  readonly text: string;
  resources: PDFDict | undefined;
}

export interface PdfObjects {
  contents: ContentUnit[];
  /** Font dictionaries with the first page using them. */
  fonts: { page: number; name: string; dict: PDFDict }[];
  /** Image XObjects with the first page using them. */
  images: { page: number; name: string; stream: PDFStream }[];
  shadings: { page: number; dict: PDFDict }[];
}

export function lookupDict(doc: PDFDocument, obj: PDFObject | undefined): PDFDict | undefined {
  const value = obj instanceof PDFRef ? doc.context.lookup(obj) : obj;
  return value instanceof PDFDict ? value : undefined;
}

export function collectObjects(doc: PDFDocument): PdfObjects {
  const out: PdfObjects = { contents: [], fonts: [], images: [], shadings: [] };
  const seen = new Set<string>();
  const firstTime = (obj: PDFObject | undefined): boolean => {
    if (!(obj instanceof PDFRef)) return true;
    const key = obj.toString();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const text = (stream: PDFStream): string => Buffer.from(decodeStream(stream)).toString('latin1');
  const unit = (page: number, where: string, resources: PDFDict | undefined, read: () => string): ContentUnit => {
    let decoded: string | undefined;
    return {
      page,
      where,
      resources,
      get text() {
        return (decoded ??= read());
      },
    };
  };

  const walkResources = (resources: PDFDict | undefined, page: number, where: string): void => {
    if (!resources) return;
    for (const [name, ref] of lookupDict(doc, resources.get(PDFName.of('Font')))?.entries() ?? []) {
      const dict = lookupDict(doc, ref);
      if (!dict || !firstTime(ref)) continue;
      out.fonts.push({ page, name: name.asString().slice(1), dict });
      if (dict.get(PDFName.of('Subtype'))?.toString() === '/Type3') {
        const own = lookupDict(doc, dict.get(PDFName.of('Resources'))) ?? resources;
        for (const [, proc] of lookupDict(doc, dict.get(PDFName.of('CharProcs')))?.entries() ?? []) {
          const stream = doc.context.lookup(proc);
          if (stream instanceof PDFStream && firstTime(proc))
            out.contents.push(unit(page, `${where} Type 3 glyph`, own, () => text(stream)));
        }
      }
    }
    for (const [name, ref] of lookupDict(doc, resources.get(PDFName.of('XObject')))?.entries() ?? []) {
      const stream = doc.context.lookup(ref);
      if (!(stream instanceof PDFStream) || !firstTime(ref)) continue;
      const subtype = stream.dict.get(PDFName.of('Subtype'))?.toString();
      if (subtype === '/Image') out.images.push({ page, name: name.asString().slice(1), stream });
      else if (subtype === '/Form') walkForm(stream, page, `${where} form ${name.asString()}`, resources);
    }
    for (const [, ref] of lookupDict(doc, resources.get(PDFName.of('Pattern')))?.entries() ?? []) {
      const pattern = doc.context.lookup(ref);
      if (!firstTime(ref)) continue;
      if (pattern instanceof PDFStream) walkForm(pattern, page, `${where} pattern`, resources);
      else if (pattern instanceof PDFDict) {
        const shading =
          lookupDict(doc, pattern.get(PDFName.of('Shading'))) ??
          (doc.context.lookup(pattern.get(PDFName.of('Shading'))) as PDFStream | undefined)?.dict;
        if (shading) out.shadings.push({ page, dict: shading });
      }
    }
    for (const [, ref] of lookupDict(doc, resources.get(PDFName.of('Shading')))?.entries() ?? []) {
      const shading = doc.context.lookup(ref);
      if (!firstTime(ref)) continue;
      if (shading instanceof PDFDict) out.shadings.push({ page, dict: shading });
      else if (shading instanceof PDFStream) out.shadings.push({ page, dict: shading.dict });
    }
    for (const [, ref] of lookupDict(doc, resources.get(PDFName.of('ExtGState')))?.entries() ?? []) {
      const mask = lookupDict(doc, lookupDict(doc, ref)?.get(PDFName.of('SMask')));
      const group = mask?.get(PDFName.of('G'));
      const stream = group ? doc.context.lookup(group) : undefined;
      if (stream instanceof PDFStream && firstTime(group)) walkForm(stream, page, `${where} soft mask`, resources);
    }
  };

  const walkForm = (form: PDFStream, page: number, where: string, inherited: PDFDict | undefined): void => {
    const resources = lookupDict(doc, form.dict.get(PDFName.of('Resources'))) ?? inherited;
    out.contents.push(unit(page, where, resources, () => text(form)));
    walkResources(resources, page, where);
  };

  doc.getPages().forEach((p, index) => {
    const page = index + 1;
    const resources = p.node.Resources();
    const contents = p.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    const streams = refs.map((r) => doc.context.lookup(r)).filter((s): s is PDFStream => s instanceof PDFStream);
    out.contents.push(unit(page, `page ${page}`, resources, () => streams.map(text).join('\n')));
    walkResources(resources, page, `page ${page}`);
    const annots = p.node.Annots();
    for (const annot of annots?.asArray() ?? []) {
      const ap = lookupDict(doc, lookupDict(doc, annot)?.get(PDFName.of('AP')));
      for (const [, entry] of ap?.entries() ?? []) {
        const value = doc.context.lookup(entry);
        for (const ref of value instanceof PDFDict ? value.values() : [entry]) {
          const form = doc.context.lookup(ref);
          if (form instanceof PDFStream && firstTime(ref)) walkForm(form, page, `page ${page} annotation`, undefined);
        }
      }
    }
  });
  return out;
}
