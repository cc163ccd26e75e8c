/**
 * Printed parts parsed ahead of their assembly. A build after an edit reuses
 * most of the parts of the build before, and parsing them is most of what
 * the assembly does with a reused part. The main thread names the previous
 * build's parts of an edition (edition/parse-ahead.ts) as soon as the build
 * starts; the worker parses them from the build cache while the edition is
 * prepared and its edited parts print, instead of after, when those prints
 * wait for it. A part is named by its print key, which names its bytes: the
 * document parsed ahead is the one its bytes would give. A part the build
 * does not reuse is dropped unused when its edition's assembly ends.
 */
import fs from 'node:fs';
import { setImmediate as letOtherWorkRun } from 'node:timers/promises';
import type { PDFDocument } from 'pdf-lib';
import { loadPart, nameForPlace } from './merge-parts.ts';

interface Ahead {
  edition: string;
  file: string;
  /** Its place in the edition's parts, which its font tags and structure ids are renamed for. */
  index: number;
  /** Null until its turn comes; a document that could not be read or parsed gives null. */
  doc: Promise<PDFDocument | null> | null;
}

const ahead = new Map<string, Ahead>();
let parsing = false;

/**
 * Parses the files (printed parts by print key) of `edition` in turn, and
 * names their fonts and structure elements for their place (`index`) as the
 * merge does; what was asked before for the edition is dropped.
 */
export function parseAhead(edition: string, parts: { key: string; file: string; index: number }[]): void {
  dropParsedAhead(edition);
  for (const { key, file, index } of parts) if (!ahead.has(key)) ahead.set(key, { edition, file, index, doc: null });
  if (!parsing) void parseInTurn();
}

async function parseInTurn(): Promise<void> {
  parsing = true;
  try {
    for (;;) {
      const next = [...ahead.values()].find((part) => part.doc === null);
      if (!next) return;
      const { index } = next;
      next.doc = fs.promises
        .readFile(next.file)
        .then(loadPart)
        .then((doc) => {
          nameForPlace(doc, index);
          return doc;
        })
        .catch(() => null);
      await next.doc;
      // Between two documents, a job's messages (a part, the start of an edition) are handled.
      await letOtherWorkRun();
    }
  } finally {
    parsing = false;
  }
}

/**
 * The document parsed (or being parsed) ahead for this print key and place,
 * its names given for that place; taken once. Null when none was started, or
 * it was named for another place.
 */
export function takeParsedAhead(key: string, index: number): Promise<PDFDocument | null> | null {
  const part = ahead.get(key);
  if (!part) return null;
  ahead.delete(key);
  return part.index === index ? part.doc : null;
}

/** Drops what was parsed ahead for `edition` and not taken. */
export function dropParsedAhead(edition: string): void {
  for (const [key, part] of ahead) if (part.edition === edition) ahead.delete(key);
}
