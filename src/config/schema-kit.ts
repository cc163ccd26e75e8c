/**
 * TypeBox builders shared by the schemas of book.yaml, chapter front matter and
 * locale files. Each schema is plain JSON schema for ajv and gives its TypeScript
 * type through Static<>, so a key is described once: its type, its allowed
 * values, its default and the description that is both the error hint and the
 * configuration reference (docs/configuration.md).
 */
import { Type, type SchemaOptions, type Static, type StringOptions, type TSchema } from '@sinclair/typebox';
import type { ValidateFunction } from 'ajv';

/**
 * How the schemas are compiled to validators (ahead of time: validator-code.ts).
 * allErrors: every problem of a file in one run; verbose: each error carries the
 * offending value for its message; allowUnionTypes: lengths and locale strings are
 * `type: [string, number…]`.
 */
export const AJV_OPTIONS = { allErrors: true, allowUnionTypes: true, verbose: true } as const;

/** A generated validator (validators.generated.ts), typed by the schema it was generated from. */
export function validatorOf<T extends TSchema>(_schema: T, generated: unknown): ValidateFunction<Static<T>> {
  return generated as ValidateFunction<Static<T>>;
}

export const text = (description: string, options: StringOptions = {}) => Type.String({ ...options, description });

export const textList = (description: string, options: SchemaOptions = {}) => Type.Array(Type.String(), { ...options, description });

/**
 * One of fixed strings, as `enum` rather than TypeBox's union of literals: ajv
 * then reports one "must be one of" error instead of one per literal.
 */
export const oneOf = <T extends string>(values: readonly T[], description: string, options: SchemaOptions = {}) =>
  Type.Unsafe<T>({ ...options, type: 'string', enum: [...values], description });

/**
 * A length: "8mm", "0.125in" or a bare number of millimetres. `type: [string, number]`
 * gives the single error "must be text or a number"; parseLength checks the text.
 */
export const length = (description: string, options: SchemaOptions = {}) =>
  Type.Unsafe<string | number>({ ...options, type: ['string', 'number'], description });

/**
 * A value that is either a string (checked by `ifText`) or something else (checked
 * by `otherwise`). if/then/else rather than anyOf, so ajv reports only the errors
 * of the branch that applies, not those of both.
 */
export const textOr = <A extends TSchema, B extends TSchema>(ifText: A, otherwise: B, options: SchemaOptions = {}) =>
  Type.Unsafe<Static<A> | Static<B>>({ ...options, if: { type: 'string' }, then: ifText, else: otherwise });

/** A mapping whose keys match `keyPattern`, any other key being an error. */
export const mapOf = <V extends TSchema>(keyPattern: string, value: V, options: SchemaOptions = {}) =>
  Type.Record(Type.String({ pattern: keyPattern }), value, { ...options, additionalProperties: false });
