import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from '../project-paths.ts';

/**
 * The installed package holds what the commands read at run time besides
 * compiled code: the preview page's files (served from src/dev by the dev
 * server), the built-in templates, locales and styles.
 */
describe('the npm package', () => {
  const packed = (): string[] => {
    const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    const [pack] = JSON.parse(json) as { files: { path: string }[] }[];
    return (pack?.files ?? []).map((file) => file.path);
  };

  it('holds the preview page, the built-in templates, locales and styles, and the command', () => {
    const files = packed();
    for (const file of [
      'src/dev/viewer.html',
      'src/dev/viewer.js',
      'src/dev/viewer.css',
      'templates/locales/fr.yaml',
      'styles/book.css',
      'bin/coursebook.js',
    ]) {
      expect(files).toContain(file);
    }
    // The TypeScript sources stay out: the package runs dist/.
    expect(files.filter((file) => file.startsWith('src/') && file.endsWith('.ts'))).toEqual([]);
  }, 60_000);
});
