/**
 * Reads a PDF's link annotations with the text under and beside them (pdf.js):
 * what a reader clicks, and where it lands — a page of the same PDF, or a
 * page of another PDF (GoToR).
 */
import { openPdf } from './read-pdf.ts';

export interface LinkedItem {
  str: string;
  x: number;
  y: number;
  width: number;
}

export interface PageLink {
  rect: [number, number, number, number];
  /** 0-based page of this PDF the link goes to. */
  target: number | null;
  /** A link into another PDF: its file name and 0-based page. */
  remote: { file: string; page: number } | null;
}

export interface LinkedPage {
  items: LinkedItem[];
  links: PageLink[];
  /** Page text, items joined in content order, soft hyphens dropped, NFKC. */
  text: string;
}

export interface ReadLinks {
  numPages: number;
  labels: string[];
  /** Named destinations whose name starts with the prefix asked for → 0-based page. */
  destinations: Map<string, number>;
  /** The same destinations → the height they point at on their page. */
  destinationTops: Map<string, number>;
  /** One page's text and links (read once, on first use). */
  page(index: number): Promise<LinkedPage>;
  close(): Promise<void>;
}

/** Opens a PDF; pages are read as they are asked for (reading every page of six books takes pdf.js half a minute). */
export async function readLinks(file: string, destinationPrefix = '\u0000'): Promise<ReadLinks> {
  const doc = await openPdf(file);
  const cache = new Map<number, Promise<LinkedPage>>();
  const readPage = async (index: number): Promise<LinkedPage> => {
    const page = await doc.getPage(index + 1);
    const items: LinkedItem[] = [];
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || item.str === '') continue;
      const [, , , , x, y] = item.transform as number[];
      items.push({ str: item.str.replace(/\u00AD/g, '').normalize('NFKC'), x: x!, y: y!, width: item.width });
    }
    const links: PageLink[] = [];
    for (const annot of (await page.getAnnotations()) as {
      subtype: string;
      rect: number[];
      dest?: unknown;
      url?: string;
      unsafeUrl?: string;
    }[]) {
      if (annot.subtype !== 'Link') continue;
      let target: number | null = null;
      const dest = typeof annot.dest === 'string' ? await doc.getDestination(annot.dest) : (annot.dest as unknown[] | undefined);
      if (Array.isArray(dest) && dest[0] && typeof dest[0] === 'object') target = await doc.getPageIndex(dest[0] as never);
      // pdf.js gives a GoToR link as "file.pdf#[page, {name: Fit}]".
      const remoteMatch = /^([^#]+)#(\[.*\])$/.exec(annot.unsafeUrl ?? annot.url ?? '');
      const remote = remoteMatch ? { file: remoteMatch[1]!, page: (JSON.parse(remoteMatch[2]!) as number[])[0]! } : null;
      links.push({ rect: annot.rect as PageLink['rect'], target, remote });
    }
    page.cleanup();
    return {
      items,
      links,
      text: items
        .map((i) => i.str)
        .join(' ')
        .replace(/\s+/g, ' '),
    };
  };
  const labels = (await doc.getPageLabels()) ?? Array.from({ length: doc.numPages }, (_, i) => String(i + 1));
  const destinations = new Map<string, number>();
  const destinationTops = new Map<string, number>();
  for (const [name, dest] of Object.entries((await doc.getDestinations()) as Record<string, unknown[]>)) {
    if (!name.startsWith(destinationPrefix)) continue;
    destinations.set(name, await doc.getPageIndex(dest[0] as never));
    destinationTops.set(name, typeof dest[3] === 'number' ? dest[3] : 0);
  }
  return {
    numPages: doc.numPages,
    labels,
    destinations,
    destinationTops,
    page(index) {
      let pending = cache.get(index);
      if (!pending) cache.set(index, (pending = readPage(index)));
      return pending;
    },
    close: () => doc.destroy(),
  };
}

/** Text items whose middle lies inside a rectangle (what a link covers). */
export function itemsIn(page: LinkedPage, rect: PageLink['rect']): LinkedItem[] {
  const [x1, y1, x2, y2] = rect;
  return page.items.filter((i) => i.x + i.width / 2 > x1 && i.x + i.width / 2 < x2 && i.y > y1 - 1 && i.y < y2);
}
