/**
 * The build cache's former name, kept while src/build.ts still imports it from
 * here; remove once it imports BuildCache from cache/build-cache.ts.
 */
export { BuildCache as PrintCache } from '../cache/build-cache.ts';
