/**
 * Where write-pdf.ts puts a PDF's bytes as it walks the objects, once: text
 * goes into fixed-size scratch blocks, large stream contents are kept by
 * reference, and `finish` copies everything once into one buffer of the
 * exact size. The file's offsets (for the cross-reference table) are simply
 * `position` when an object starts, so no pass is needed to size anything.
 */

/** Large enough that a book's ~3 MB of object text is a few dozen blocks, small enough not to waste much at the end. */
const BLOCK = 256 * 1024;
/** Contents at least this long are referenced, not copied into a block (copied once, at the end). */
const REFERENCED = 2048;
/** Strings at least this long go through Buffer's native latin1 writer; shorter ones are faster in a loop. */
const NATIVE_STRING = 64;

export class ByteSink {
  /** The block being filled and where. */
  block: Buffer = Buffer.allocUnsafeSlow(BLOCK);
  at = 0;
  /** Bytes before the current block, in `parts`. */
  private before = 0;
  private readonly parts: Uint8Array[] = [];

  get position(): number {
    return this.before + this.at;
  }

  /** Room for `n` more bytes in the current block (a new block when it is full). */
  reserve(n: number): void {
    if (this.at + n <= this.block.length) return;
    this.close();
    this.block = Buffer.allocUnsafeSlow(Math.max(BLOCK, n));
  }

  byte(code: number): void {
    if (this.at === this.block.length) this.reserve(1);
    this.block[this.at++] = code;
  }

  /**
   * A string, one byte per UTF-16 code unit, its low eight bits: what pdf-lib's
   * copyStringIntoBuffer writes into its Uint8Array (and Buffer's latin1 too).
   * Only its first `length` code units when given.
   */
  text(value: string, length = value.length): void {
    this.reserve(length);
    const block = this.block;
    let at = this.at;
    if (length >= NATIVE_STRING) {
      at += block.write(value, at, length, 'latin1');
    } else {
      for (let i = 0; i < length; i++) block[at++] = value.charCodeAt(i);
    }
    this.at = at;
  }

  /** Bytes (a stream's contents): referenced when large; the caller must not change them before `finish`. */
  bytes(contents: Uint8Array): void {
    if (contents.length < REFERENCED) {
      this.reserve(contents.length);
      this.block.set(contents, this.at);
      this.at += contents.length;
      return;
    }
    this.close();
    this.parts.push(contents);
    this.before += contents.length;
  }

  /** Everything written, in one Uint8Array that owns its whole ArrayBuffer (so it can be transferred to another thread). */
  finish(): Uint8Array {
    this.close();
    // Unpooled and not zeroed: every byte is written just below.
    const out = new Uint8Array(Buffer.allocUnsafeSlow(this.before).buffer, 0, this.before);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    this.parts.length = 0;
    return out;
  }

  /** Ends the current block's part at what was written; writing continues after it. */
  private close(): void {
    if (this.at === 0) return;
    this.parts.push(this.block.subarray(0, this.at));
    this.before += this.at;
    this.block = this.block.subarray(this.at);
    this.at = 0;
  }
}
