import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { frontMatterSchema } from '../content/front-matter-schema.ts';
import { localeSchema } from '../layout/locale-schema.ts';
import { bookSchema } from './schema.ts';
import { AJV_OPTIONS } from './schema-kit.ts';
import { validatorModuleSource } from './validator-code.ts';
import { validateBook, validateFrontMatter, validateLocale } from './validators.generated.ts';

const GENERATED = new URL('./validators.generated.ts', import.meta.url);

describe('validators.generated.ts', () => {
  it('is what the schemas give (else run `npm run generate:validators` and commit the result)', () => {
    const state =
      fs.readFileSync(GENERATED, 'utf8') === validatorModuleSource()
        ? 'up to date'
        : 'src/config/validators.generated.ts is out of date with the schemas: run `npm run generate:validators`';
    expect(state).toBe('up to date');
  });

  it('finds the same errors as the schemas compiled when the build starts', () => {
    const cases: [string, object, unknown][] = [
      ['book', bookSchema, { title: '', languages: 'fr', page: { size: 'A9', margins: { top: true } }, unknown: 1 }],
      ['book', bookSchema, { title: 'T', languages: ['fr'], editions: [{ name: 'Bad Name', includes: ['nope'] }] }],
      ['front matter', frontMatterSchema, { title: 3, editions: 'participant', extra: [] }],
      ['locale', localeSchema, { dir: 'up', toc: { title: ['x'] }, own: { nested: { deeper: {} } } }],
    ];
    const generated = { book: validateBook, 'front matter': validateFrontMatter, locale: validateLocale } as Record<
      string,
      (data: unknown) => boolean
    >;
    for (const [name, schema, data] of cases) {
      const compiled = new Ajv(AJV_OPTIONS).compile(schema);
      const aheadOfTime = generated[name] as ((data: unknown) => boolean) & { errors?: unknown };
      expect([name, aheadOfTime(data)]).toEqual([name, compiled(data)]);
      expect(compiled.errors?.length).toBeGreaterThan(0);
      // Errors carry the schema they failed (verbose): compared by path, keyword, message and value.
      const shape = (errors: unknown) =>
        (errors as { instancePath: string; schemaPath: string; keyword: string; message?: string; data: unknown }[]).map((e) => [
          e.instancePath,
          e.schemaPath,
          e.keyword,
          e.message,
          e.data,
        ]);
      expect(shape(aheadOfTime.errors)).toEqual(shape(compiled.errors));
    }
  });
});
