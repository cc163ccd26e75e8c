import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findSymlinks } from './symlink-scan.ts';

describe('findSymlinks', () => {
  test('finds links at any depth without following them, under the folder as given and as its real path', async () => {
    const area = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'symlinks-')));
    try {
      const course = path.join(area, 'course');
      fs.mkdirSync(path.join(course, 'content/en/images'), { recursive: true });
      fs.writeFileSync(path.join(course, 'content/en/images/plain.png'), 'x');
      fs.symlinkSync('/etc/hostname', path.join(course, 'content/en/images/key.png'));
      fs.symlinkSync('/etc', path.join(course, 'content/linked')); // a folder: not descended into
      fs.symlinkSync('.', path.join(course, 'loop'));
      const alias = path.join(area, 'alias');
      fs.symlinkSync(course, alias);
      const relative = ['content/en/images/key.png', 'content/linked', 'loop'];
      expect(await findSymlinks([course])).toEqual(relative.map((rel) => path.join(course, rel)));
      expect(await findSymlinks([alias])).toEqual(
        [...relative.map((rel) => path.join(alias, rel)), ...relative.map((rel) => path.join(course, rel))].sort(),
      );
    } finally {
      fs.rmSync(area, { recursive: true, force: true });
    }
  });
});
