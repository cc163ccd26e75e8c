/**
 * The symbolic links inside the course. The local browser reads allowed files
 * itself (no round trip to node per request), so it cannot follow a link to
 * see where it leads: every link found here is routed through node's check
 * instead (see browser-rules.ts). Done once per build, before printing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { realPath } from './file-access.ts';

/**
 * Every symbolic link under the folders, links themselves not followed (a
 * link to a folder is routed through node as a whole), each under every
 * spelling of its folder: as given and as its real path, since the HTML may
 * name either.
 */
export async function findSymlinks(folders: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable: the browser cannot read it either
    }
    await Promise.all(
      entries.map(async (entry) => {
        const file = path.join(dir, entry.name);
        if (entry.isSymbolicLink()) found.add(file);
        else if (entry.isDirectory()) await visit(file);
      }),
    );
  };
  for (const folder of new Set(folders.map((f) => path.resolve(f)))) {
    const before = found.size;
    await visit(folder);
    const real = realPath(folder);
    if (real === folder) continue;
    for (const link of [...found].slice(before)) found.add(path.join(real, path.relative(folder, link)));
  }
  return [...found].sort();
}
