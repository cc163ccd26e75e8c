/**
 * The XMP metadata packet of a book or cover. PDF/UA and PDF/X are claimed
 * only here (pdfuaid:part, pdfxid:GTS_PDFXVersion), and their validators
 * require every Info dictionary entry to have its XMP twin with the same
 * value: both are written from the same `DocumentFacts` (see metadata.ts).
 * Nothing in the packet depends on the clock or on chance: dates are the
 * build date, IDs derive from the inputs.
 */

export type PdfStandard = 'PDF/X-4';

export interface DocumentFacts {
  title: string;
  /** Info /Author: the authors, joined. */
  author: string;
  /** Info /Subject, dc:description; empty when the book has none. */
  subject: string;
  /** Info /Keywords as written (space-separated). */
  keywords: string;
  lang: string;
  producer: string;
  creatorTool: string;
  date: Date;
  /** xmpMM:DocumentID, the same for every build of this document; xmpMM:InstanceID, this build's. */
  documentId: string;
  instanceId: string;
  standard: PdfStandard | null;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => XML_ESCAPES[c] ?? c);
}

/** XMP dates: ISO 8601 to the second, in UTC (the Info dictionary's D:…Z dates are the same instant). */
export function xmpDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** A UUID URN made of a digest's first 128 bits, so IDs are reproducible. */
export function uuidUrn(hexDigest: string): string {
  const h = hexDigest.slice(0, 32).padEnd(32, '0');
  return `uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const NAMESPACES: Record<string, string> = {
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  pdf: 'http://ns.adobe.com/pdf/1.3/',
  xmpMM: 'http://ns.adobe.com/xap/1.0/mm/',
  pdfuaid: 'http://www.aiim.org/pdfua/ns/id/',
  pdfxid: 'http://www.npes.org/pdfx/ns/id/',
};

export function xmpPacket(facts: DocumentFacts): string {
  const date = xmpDate(facts.date);
  const alt = (text: string): string => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`;
  const properties = [
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${alt(facts.title)}</dc:title>`,
    // One entry holding Info /Author as it is: PDF/A-style validators compare the two verbatim.
    facts.author ? `<dc:creator><rdf:Seq><rdf:li>${escapeXml(facts.author)}</rdf:li></rdf:Seq></dc:creator>` : '',
    facts.subject ? `<dc:description>${alt(facts.subject)}</dc:description>` : '',
    `<dc:language><rdf:Bag><rdf:li>${escapeXml(facts.lang)}</rdf:li></rdf:Bag></dc:language>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${escapeXml(facts.creatorTool)}</xmp:CreatorTool>`,
    `<pdf:Producer>${escapeXml(facts.producer)}</pdf:Producer>`,
    facts.keywords ? `<pdf:Keywords>${escapeXml(facts.keywords)}</pdf:Keywords>` : '',
    `<pdf:Trapped>False</pdf:Trapped>`,
    `<xmpMM:DocumentID>${facts.documentId}</xmpMM:DocumentID>`,
    `<xmpMM:InstanceID>${facts.instanceId}</xmpMM:InstanceID>`,
    // PDF/X-4 requires a version and a rendition class next to the document ID.
    `<xmpMM:VersionID>1</xmpMM:VersionID>`,
    `<xmpMM:RenditionClass>default</xmpMM:RenditionClass>`,
    `<pdfuaid:part>1</pdfuaid:part>`,
    facts.standard ? `<pdfxid:GTS_PDFXVersion>${facts.standard}</pdfxid:GTS_PDFXVersion>` : '',
  ].filter(Boolean);
  const xmlns = Object.entries(NAMESPACES)
    .filter(([prefix]) => prefix !== 'pdfxid' || facts.standard)
    .map(([prefix, uri]) => `\n      xmlns:${prefix}="${uri}"`)
    .join('');
  return [
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="adobe:ns:meta/">`,
    `  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`,
    `    <rdf:Description rdf:about=""${xmlns}>`,
    ...properties.map((p) => `      ${p}`),
    `    </rdf:Description>`,
    `  </rdf:RDF>`,
    `</x:xmpmeta>`,
    // Room for an editor to update the packet in place, as the XMP specification recommends.
    ...Array.from({ length: 20 }, () => ' '.repeat(99)),
    `<?xpacket end="w"?>`,
  ].join('\n');
}
