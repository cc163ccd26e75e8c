import fs from 'node:fs';
import path from 'node:path';

/**
 * Refuses any path that leaves the course folder, symbolic links included: the
 * chapter name and the picture names come from the DOCX, which is untrusted.
 */
export function assertInside(root: string, file: string): void {
  const check = (base: string, target: string): boolean => {
    const rel = path.relative(base, target);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  if (!check(root, file)) throw new Error(`refusing to write ${file}: it is outside the course folder ${root}`);
  // Resolve links on the part of the path that exists.
  let existing = path.dirname(file);
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  const realRoot = fs.realpathSync(root);
  const realExisting = fs.realpathSync(existing);
  if (realExisting !== realRoot && !check(realRoot, realExisting)) {
    throw new Error(`refusing to write ${file}: ${existing} leads outside the course folder ${root}`);
  }
}
