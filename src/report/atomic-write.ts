/**
 * Outputs are written atomically: every file of a build is first written
 * into a staging folder next to the output, and only when all of them
 * succeeded are they renamed into place (the manifest last). A failed build
 * leaves the previous outputs untouched; a reader never sees a partial file.
 */
import fs from 'node:fs';
import path from 'node:path';

export class StagedOutput {
  readonly dir: string;
  private readonly files: string[] = [];

  constructor(readonly outDir: string) {
    fs.mkdirSync(outDir, { recursive: true });
    this.dir = fs.mkdtempSync(path.join(outDir, '.staging-'));
  }

  write(relative: string, data: Uint8Array | string): void {
    const target = path.join(this.dir, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, data);
    this.files.push(relative);
  }

  /** Moves every staged file into the output folder, `last` after all others. */
  commit(last?: string): void {
    const ordered = [...this.files.filter((f) => f !== last), ...(last && this.files.includes(last) ? [last] : [])];
    for (const relative of ordered) {
      const target = path.join(this.outDir, relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(path.join(this.dir, relative), target);
    }
    this.discard();
  }

  /** Staged files that are missing from the output folder or differ from it. */
  differences(): string[] {
    return this.files.filter((relative) => {
      try {
        return !fs.readFileSync(path.join(this.outDir, relative)).equals(fs.readFileSync(path.join(this.dir, relative)));
      } catch {
        return true;
      }
    });
  }

  discard(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Writes one file atomically (temporary file in the same folder, then rename). */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temp, data);
  fs.renameSync(temp, file);
}
