/**
 * Running heads and the edition mark are pages Chromium printed
 * (layout/render-furniture.ts), drawn onto the book's pages as Form XObjects.
 * pdf-lib's embedPdf would, at save time, inflate each page's content with its
 * JavaScript decoder and deflate it again with pako: about 60 ms an edition
 * after the last part is printed, for bytes that are already what the form
 * needs. Chromium prints each page as one Flate content stream: its
 * compressed bytes become the form's stream as they are (same /Filter), with
 * the page's resources. A page that is not like that sends the whole
 * document through pdf-lib's embedPdf.
 *
 * The forms are made in the furniture document's own objects as soon as it
 * is printed (`prepareFurniture`), while parts still print; only moving them
 * into the book (`embedFurniture`) waits for its place in the assembly, so
 * the book's object numbers do not depend on when the furniture arrived.
 */
import {
  PDFArray,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  ParseSpeeds,
  degrees,
  drawPage,
  type PDFObject,
  type PDFPage,
} from 'pdf-lib';
import { ObjectMover } from './move-objects.ts';
import { retagFontSubsets } from './merge-parts.ts';

/** A furniture page as the book draws it: its form and the size of its box (points). */
export interface FurnitureForm {
  ref: PDFRef;
  width: number;
  height: number;
}

export interface PreparedFurniture {
  doc: PDFDocument;
  /** The forms made in `doc`, one per page; null when a page needs pdf-lib's embedding (then all pages take it). */
  forms: FurnitureForm[] | null;
}

/**
 * Parses the furniture PDF and makes a form of each page in its own objects.
 * `partCount`: the book's printed parts, whose font subset tags the
 * furniture's must not repeat (merge-parts.ts retagFontSubsets).
 */
export async function prepareFurniture(pdf: Uint8Array, partCount: number): Promise<PreparedFurniture> {
  const doc = await PDFDocument.load(pdf, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
  retagFontSubsets(doc, partCount);
  const pages = doc.getPages();
  const sources = pages.map(compressedContent);
  if (sources.some((source) => source === null)) return { doc, forms: null };
  const forms = pages.map((page, index) => {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- none is null (checked above)
    const { stream, resources } = sources[index]!;
    const box = page.getMediaBox();
    const form = PDFRawStream.of(
      doc.context.obj({
        Type: 'XObject',
        Subtype: 'Form',
        FormType: 1,
        BBox: [box.x, box.y, box.x + box.width, box.y + box.height],
        Matrix: [1, 0, 0, 1, -box.x, -box.y],
        Resources: resources,
        Filter: 'FlateDecode',
      }),
      stream.contents,
    );
    return { ref: doc.context.register(form), width: box.width, height: box.height };
  });
  return { doc, forms };
}

/**
 * The page's content when it is one Flate stream without parameters, and its
 * resources (a reference stays a reference): what a form of it takes as is.
 */
function compressedContent(page: PDFPage): { stream: PDFRawStream; resources: PDFObject } | null {
  const node = page.node;
  let contents: PDFObject | undefined = node.get(PDFName.of('Contents'));
  if (contents instanceof PDFArray) contents = contents.size() === 1 ? contents.get(0) : undefined;
  const stream = contents ? node.context.lookup(contents) : undefined;
  const resources = node.getInheritableAttribute(PDFName.of('Resources'));
  if (!(stream instanceof PDFRawStream) || !resources) return null;
  const flate = stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode');
  return flate && !stream.dict.has(PDFName.of('DecodeParms')) ? { stream, resources } : null;
}

/**
 * The furniture's forms in `book`, one per furniture page. The furniture
 * document is used up: its objects now belong to the book.
 */
export async function embedFurniture(book: PDFDocument, prepared: PreparedFurniture): Promise<FurnitureForm[]> {
  if (!prepared.forms) return book.embedPdf(prepared.doc, prepared.doc.getPageIndices());
  const mover = new ObjectMover(prepared.doc.context, book.context);
  return prepared.forms.map((form) => ({ ...form, ref: mover.move(form.ref) }));
}

/** Draws a form in the box (x, y, width, height) of `page`, with the operators pdf-lib's drawPage uses. */
export function drawForm(page: PDFPage, form: FurnitureForm, box: { x: number; y: number; width: number; height: number }): void {
  const name = page.node.newXObject('EmbeddedPdfPage', form.ref);
  page.pushOperators(
    ...drawPage(name, {
      x: box.x,
      y: box.y,
      xScale: box.width / form.width,
      yScale: box.height / form.height,
      rotate: degrees(0),
      xSkew: degrees(0),
      ySkew: degrees(0),
    }),
  );
}
