import { describe, expect, test } from '@jest/globals';
import { pathToFileURL } from 'node:url';
import { locateRequest, requestDiagnostic, type SourceFile } from './request-problems.ts';

const root = '/course';
const sources: SourceFile[] = [
  { relPath: 'content/fr/01-intro.md', text: '# Intro\n\n![Carte](images/carte.png)\n' },
  { relPath: 'content/en/01-intro.md', text: '# Intro\n\nSee <img src="images/carte.png">.\n' },
  { relPath: 'styles/extra.css', text: 'body {}\n@import url(https://fonts.example/a.css?family=X);\n' },
];

describe('locateRequest', () => {
  test('a local file is found by its path relative to the chapter, in the document language first', () => {
    const url = pathToFileURL('/course/content/en/images/carte.png').href;
    expect(locateRequest(url, sources, root, 'en')).toEqual({ file: 'content/en/01-intro.md', line: 3, column: 15 });
    const french = pathToFileURL('/course/content/fr/images/carte.png').href;
    expect(locateRequest(french, sources, root, 'fr')).toEqual({ file: 'content/fr/01-intro.md', line: 3, column: 10 });
    // Another language's chapter with a file of the same name comes after, by name alone.
    expect(locateRequest(pathToFileURL('/course/content/ar/images/carte.png').href, sources, root, 'ar')?.file).toBe(
      'content/fr/01-intro.md',
    );
  });

  test('a remote URL is found as written, query included', () => {
    expect(locateRequest('https://fonts.example/a.css?family=X', sources, root)).toEqual({ file: 'styles/extra.css', line: 2, column: 13 });
  });

  test('a URL no course file names is not placed', () => {
    expect(locateRequest('https://elsewhere.example/b.png', sources, root)).toBeNull();
  });
});

describe('requestDiagnostic', () => {
  test('a refused request says what was refused and why, at its place', () => {
    const place = { file: 'styles/extra.css', line: 2, column: 13 };
    const diagnostic = requestDiagnostic(
      { url: 'https://fonts.example/a.css', kind: 'refused', resourceType: 'stylesheet' },
      place,
      { root, htmlFolder: '/tmp/h' },
      'fr/participant/front.html',
    );
    expect(diagnostic).toMatchObject({ code: 'print/refused-request', file: 'styles/extra.css', line: 2 });
    expect(diagnostic.message).toContain('refused to load the stylesheet https://fonts.example/a.css');
  });

  test("a failed local load names the file relative to the course and the browser's reason; unplaced, the document", () => {
    const url = pathToFileURL('/course/content/en/images/gone.png').href;
    const diagnostic = requestDiagnostic(
      { url, kind: 'failed', resourceType: 'image', reason: 'net::ERR_FILE_NOT_FOUND' },
      null,
      { root, htmlFolder: '/tmp/h' },
      'en/participant/chapters-01.html',
    );
    expect(diagnostic.code).toBe('print/failed-request');
    expect(diagnostic.message).toBe(
      'the print browser could not load the image content/en/images/gone.png (in en/participant/chapters-01.html) (net::ERR_FILE_NOT_FOUND)',
    );
  });
});
