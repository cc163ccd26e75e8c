/**
 * The bytes of `doc.save(SAVE_OPTIONS)` (no object streams), written faster.
 *
 * pdf-lib's PDFWriter walks every object twice, once to size the whole file
 * and once to copy it, allocating an entries array per dictionary each time
 * and a new /Length number per stream twice; on a 500-page book (~22,000
 * objects, most of them structure elements) that was 0.13–0.19 s and much of
 * the garbage the assembly thread then collects. Here each object is written
 * once (its offset is where the output stands when it starts), dictionaries
 * are walked without copying their entries, and stream contents are copied
 * once, into the final buffer (byte-sink.ts).
 *
 * The output is the same byte for byte (write-pdf.test.ts compares them on
 * printed and assembled books): pdf-lib's own object classes are written here
 * as their copyBytesInto writes them (numbers with the text pdf-lib formatted
 * when it made them); a subclass only when it keeps its parent's
 * copyBytesInto (pages, catalog, content streams); any other object by its
 * own copyBytesInto, into the room its sizeInBytes asks for.
 */
import {
  PDFArray,
  PDFBool,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  type PDFContext,
  type PDFDocument,
} from 'pdf-lib';
import { ByteSink } from './byte-sink.ts';
import { flushRememberingDeflates } from './flush-memo.ts';

/** pdf-lib's private fields read here (declared private in its typings, plain properties at run time). */
interface NameFields {
  encodedName: string;
}
interface NumberFields {
  numberValue: number;
  stringValue: string;
}
interface StringFields {
  value: string;
}
interface DictFields {
  dict: Map<PDFName, PDFObject>;
}
interface ArrayFields {
  array: PDFObject[];
}
interface ContextFields {
  indirectObjects: Map<PDFRef, PDFObject>;
}

const NEWLINE = 0x0a;
const SPACE = 0x20;

/** Writes `doc` as `doc.save(SAVE_OPTIONS)` would (assemble-interior.ts), after running its embedders as save does. */
export async function savePdf(doc: PDFDocument): Promise<Uint8Array> {
  await flushRememberingDeflates(doc);
  const context = doc.context;
  const sink = new ByteSink();
  // PDFWriter always writes a 1.7 header, whatever the parsed file said.
  sink.text('%PDF-1.7\n%\x81\x81\x81\x81\n\n');

  const { refs, objects } = objectsInOrder(context);
  const offsets = new Array<number>(refs.length);
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i] as PDFRef;
    const object = objects[i] as PDFObject;
    offsets[i] = sink.position;
    // "12 0 R" → "12 0 obj": the same digits pdf-lib formats with String().
    sink.text(ref.tag, ref.tag.length - 1);
    sink.text('obj\n');
    writeObject(sink, object);
    sink.text('\nendobj\n\n');
  }

  const xrefOffset = sink.position;
  writeCrossReferences(sink, refs, offsets);
  sink.byte(NEWLINE);
  const { trailerInfo } = context;
  const trailer = context.obj({
    Size: context.largestObjectNumber + 1,
    Root: trailerInfo.Root,
    Encrypt: trailerInfo.Encrypt,
    Info: trailerInfo.Info,
    ID: trailerInfo.ID,
  });
  sink.text('trailer\n');
  writeObject(sink, trailer);
  sink.text('\n\nstartxref\n');
  sink.text(String(xrefOffset));
  sink.text('\n%%EOF');
  return sink.finish();
}

/**
 * The context's objects by ascending object number, as
 * PDFContext.enumerateIndirectObjects gives them (a stable sort of its map).
 * The map is mostly in that order already (parsed files, new objects
 * numbered upwards): then it is only read, without a [ref, object] pair per
 * object and a sort.
 */
function objectsInOrder(context: PDFContext): { refs: PDFRef[]; objects: PDFObject[] } {
  const refs: PDFRef[] = [];
  const objects: PDFObject[] = [];
  let sorted = true;
  let previous = -Infinity;
  (context as unknown as ContextFields).indirectObjects.forEach((object, ref) => {
    if (ref.objectNumber < previous) sorted = false;
    previous = ref.objectNumber;
    refs.push(ref);
    objects.push(object);
  });
  if (sorted) return { refs, objects };
  const entries = context.enumerateIndirectObjects();
  return { refs: entries.map(([ref]) => ref), objects: entries.map(([, object]) => object) };
}

function writeObject(sink: ByteSink, object: PDFObject): void {
  const kind = object.constructor;
  if (kind === PDFName) sink.text((object as unknown as NameFields).encodedName);
  else if (kind === PDFRef) sink.text((object as PDFRef).tag);
  else if (kind === PDFNumber) sink.text((object as unknown as NumberFields).stringValue);
  else if (kind === PDFDict) writeDict(sink, object as PDFDict);
  else if (kind === PDFArray) writeArray(sink, object as PDFArray);
  else if (kind === PDFRawStream) writeStream(sink, object as PDFRawStream);
  else if (kind === PDFString) writeDelimited(sink, 0x28, (object as unknown as StringFields).value, 0x29);
  else if (kind === PDFHexString) writeDelimited(sink, 0x3c, (object as unknown as StringFields).value, 0x3e);
  else if (object === PDFBool.True) sink.text('true');
  else if (object === PDFBool.False) sink.text('false');
  else if (object === PDFNull) sink.text('null');
  else if (object instanceof PDFDict && object.copyBytesInto === PDFDict.prototype.copyBytesInto) writeDict(sink, object);
  else if (object instanceof PDFStream && isPlainStream(object)) writeStream(sink, object);
  else writeWithPdfLib(sink, object);
}

/** `(value)` or `<value>`: pdf-lib keeps strings as written, escapes included. */
function writeDelimited(sink: ByteSink, open: number, value: string, close: number): void {
  sink.byte(open);
  sink.text(value);
  sink.byte(close);
}

function writeDict(sink: ByteSink, dict: PDFDict): void {
  sink.text('<<\n');
  // forEach, not entries(): no array of entries, no [key, value] pair per entry.
  (dict as unknown as DictFields).dict.forEach(writeEntry, sink);
  sink.text('>>');
}

function writeEntry(this: ByteSink, value: PDFObject, key: PDFName): void {
  this.text((key as unknown as NameFields).encodedName);
  this.byte(SPACE);
  writeObject(this, value);
  this.byte(NEWLINE);
}

function writeArray(sink: ByteSink, array: PDFArray): void {
  sink.byte(0x5b);
  sink.byte(SPACE);
  const items = (array as unknown as ArrayFields).array;
  for (let i = 0; i < items.length; i++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i < length
    writeObject(sink, items[i]!);
    sink.byte(SPACE);
  }
  sink.byte(0x5d);
}

/** A stream that pdf-lib writes with PDFStream's own copyBytesInto and /Length update (raw, content and flate streams). */
function isPlainStream(stream: PDFStream): boolean {
  return stream.copyBytesInto === PDFStream.prototype.copyBytesInto && stream.updateDict === PDFStream.prototype.updateDict;
}

function writeStream(sink: ByteSink, stream: PDFStream): void {
  const contents = stream.getContents();
  setLength(stream.dict, contents.length);
  writeDict(sink, stream.dict);
  sink.text('\nstream\n');
  sink.bytes(contents);
  sink.text('\nendstream');
}

/**
 * What PDFStream.updateDict does (the dictionary keeps its /Length, set to the
 * contents' size; added last when missing), without a new number object when
 * the one there already says it: its text is a function of its value.
 */
function setLength(dict: PDFDict, length: number): void {
  const entries = (dict as unknown as DictFields).dict;
  const current = entries.get(PDFName.Length);
  if (current instanceof PDFNumber && (current as unknown as NumberFields).numberValue === length) return;
  entries.set(PDFName.Length, PDFNumber.of(length));
}

/** Any other object: written by its own copyBytesInto into room its sizeInBytes asks for, as PDFWriter does. */
function writeWithPdfLib(sink: ByteSink, object: PDFObject): void {
  const size = object.sizeInBytes();
  sink.reserve(size);
  sink.at += object.copyBytesInto(sink.block, sink.at);
}

/**
 * PDFCrossRefSection as PDFWriter fills it: the free entry 0, then one entry
 * per object, a new subsection wherever object numbers skip.
 */
function writeCrossReferences(sink: ByteSink, refs: PDFRef[], offsets: number[]): void {
  sink.text('xref\n');
  // The subsection open so far starts at object number `first` and has `count` entries; index -1 is the free entry.
  let first = 0;
  let start = -1;
  let previous = 0;
  for (let i = 0; i <= refs.length; i++) {
    const number = i < refs.length ? (refs[i] as PDFRef).objectNumber : Infinity;
    if (number - previous > 1) {
      writeSubsection(sink, first, start, i, refs, offsets);
      first = number;
      start = i;
    }
    previous = number;
  }
}

/** Entries start..end-1 (-1: the free entry 0) under their "first count" line. */
function writeSubsection(sink: ByteSink, first: number, start: number, end: number, refs: PDFRef[], offsets: number[]): void {
  sink.text(String(first));
  sink.byte(SPACE);
  sink.text(String(end - start));
  sink.byte(NEWLINE);
  for (let i = start; i < end; i++) {
    if (i < 0) writeXrefEntry(sink, 0, 65535, 0x66);
    else writeXrefEntry(sink, offsets[i] as number, (refs[i] as PDFRef).generationNumber, 0x6e);
  }
}

/** "0000012345 00000 n \n": offset and generation zero-padded to 10 and 5 digits (longer ones as they are, as padStart does). */
function writeXrefEntry(sink: ByteSink, offset: number, generation: number, kind: number): void {
  if (!(offset < 1e10 && generation < 1e5)) {
    sink.text(`${String(offset).padStart(10, '0')} ${String(generation).padStart(5, '0')} ${String.fromCharCode(kind)} \n`);
    return;
  }
  sink.reserve(20);
  const block = sink.block;
  const at = sink.at;
  writeDigits(block, at, 10, offset);
  block[at + 10] = SPACE;
  writeDigits(block, at + 11, 5, generation);
  block[at + 16] = SPACE;
  block[at + 17] = kind;
  block[at + 18] = SPACE;
  block[at + 19] = NEWLINE;
  sink.at = at + 20;
}

/** A non-negative integer below 10^width as exactly `width` decimal digits. */
function writeDigits(block: Uint8Array, at: number, width: number, value: number): void {
  for (let i = width - 1; i >= 0; i--) {
    block[at + i] = 0x30 + (value % 10);
    value = Math.floor(value / 10);
  }
}
