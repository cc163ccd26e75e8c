/**
 * The PDF/X output intent: `/OutputIntents [<< /S /GTS_PDFX … /DestOutputProfile … >>]`
 * on the catalog, naming the printing condition the file was prepared for and
 * embedding its ICC profile (the profiles and their licences: profiles/README.md).
 * XMP identification (pdfxid:GTS_PDFXVersion) is written elsewhere; together
 * they make the PDF/X-4 identification.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFString } from 'pdf-lib';
import type { OutputIntentKind } from '../config/print-targets.ts';
import { PROJECT_ROOT } from '../project-paths.ts';

export const PROFILES_DIR = path.join(PROJECT_ROOT, 'profiles');

interface OutputCondition {
  file: string;
  components: number;
  /** OutputConditionIdentifier: a characterization registered with the ICC where there is one. */
  identifier: string;
  condition: string;
  info: string;
}

const CONDITIONS: Record<OutputIntentKind, OutputCondition> = {
  cmyk: {
    file: 'coursebook-fogra39.icc',
    components: 4,
    identifier: 'FOGRA39',
    condition: 'Offset printing, ISO 12647-2:2004/Amd 1, coated paper (paper type 1 or 2), 115 g/m2',
    info: 'Coated FOGRA39 (ISO 12647-2:2004)',
  },
  srgb: {
    file: 'coursebook-srgb-print.icc',
    components: 3,
    identifier: 'sRGB IEC61966-2.1',
    condition: 'Print-on-demand colour printing from sRGB',
    info: 'sRGB IEC61966-2.1',
  },
};

const profileCache = new Map<string, Buffer>();
export function profileBytes(file: string): Buffer {
  let bytes = profileCache.get(file);
  if (!bytes) {
    bytes = fs.readFileSync(path.join(PROFILES_DIR, file));
    profileCache.set(file, bytes);
  }
  return bytes;
}

/** Embeds an ICC profile as a stream (deflated once per process, same bytes every build). */
export function embedIccProfile(doc: PDFDocument, file: string, components: number): PDFRef {
  const stream = PDFRawStream.of(doc.context.obj({ N: components, Filter: 'FlateDecode' }), deflated(file));
  return doc.context.register(stream);
}

const deflatedCache = new Map<string, Uint8Array>();
function deflated(file: string): Uint8Array {
  let bytes = deflatedCache.get(file);
  if (!bytes) {
    bytes = zlib.deflateSync(profileBytes(file), { level: 9 });
    deflatedCache.set(file, bytes);
  }
  return bytes;
}

/** Writes the catalog's /OutputIntents for a PDF/X output. Returns the profile stream's reference. */
export function writeOutputIntent(doc: PDFDocument, kind: OutputIntentKind): PDFRef {
  const condition = CONDITIONS[kind];
  const profile = embedIccProfile(doc, condition.file, condition.components);
  const intent = doc.context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFX',
    OutputConditionIdentifier: PDFString.of(condition.identifier),
    OutputCondition: PDFString.of(condition.condition),
    RegistryName: PDFString.of('http://www.color.org'),
    Info: PDFString.of(condition.info),
    DestOutputProfile: profile,
  });
  doc.catalog.set(PDFName.of('OutputIntents'), doc.context.obj([intent]));
  return profile;
}

/** The output intent a PDF declares, if any: its subtype, identifier and profile's component count. */
export function readOutputIntent(doc: PDFDocument): { subtype: string; identifier: string; components: number | null } | null {
  const intents = doc.catalog.lookupMaybe(PDFName.of('OutputIntents'), PDFArray);
  const intent = intents?.lookupMaybe(0, PDFDict);
  if (!intent) return null;
  const profile = intent.lookup(PDFName.of('DestOutputProfile'));
  const n = profile instanceof PDFRawStream ? profile.dict.get(PDFName.of('N')) : undefined;
  const id = intent.get(PDFName.of('OutputConditionIdentifier'));
  return {
    subtype: intent.get(PDFName.of('S'))?.toString().slice(1) ?? '',
    identifier: id instanceof PDFString ? id.decodeText() : String(id ?? ''),
    components: n ? Number(n.toString()) : null,
  };
}
