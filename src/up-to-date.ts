/**
 * "Nothing changed": before any chapter is parsed or any browser started, a
 * build compares a key of everything its outputs are made from with the key
 * the last successful build recorded for the same output folder. When they
 * match and every output on disk still has the bytes the manifest lists, the
 * build is over: the outputs are what a full build would write.
 *
 * The record lives in the course's cache folder, not in the output, so the
 * published manifest keeps its shape; it also holds the warnings of the build
 * that made the outputs, which an up-to-date build reports again (and which
 * `--strict` still turns into a failure).
 */
import fs from 'node:fs';
import path from 'node:path';
import { codeDigest } from './inputs-digest.ts';
import { sha256, type Manifest } from './report/manifest.ts';
import type { Diagnostic } from './diagnostics/diagnostic.ts';
import { writeFileAtomic } from './report/atomic-write.ts';

export interface BuildKeyInput {
  /** inputsDigest(): course files, built-in templates and styles, book.yaml, coursebook's version. */
  inputsDigest: string;
  buildDate: Date;
  /** The browser build that prints (a new one prints other bytes). */
  browserSalt: string;
  outDir: string;
  langs: string[];
  editions: string[];
  /** Whether the outputs were preflighted: unchecked outputs never stand for checked ones. */
  preflight: boolean;
}

interface BuildRecord {
  key: string;
  manifestSha256: string;
  diagnostics: Diagnostic[];
}

const RECORDS = 'builds';
const RECORDS_KEPT = 20;

export function buildKey(input: BuildKeyInput): string {
  return sha256(
    JSON.stringify({
      inputs: input.inputsDigest,
      code: codeDigest(),
      date: input.buildDate.toISOString(),
      browser: input.browserSalt,
      out: path.resolve(input.outDir),
      langs: input.langs,
      editions: input.editions,
      preflight: input.preflight,
    }),
  );
}

function recordFile(cacheDir: string, key: string): string {
  return path.join(cacheDir, RECORDS, `${key}.json`);
}

/**
 * The manifest and the recorded diagnostics when the outputs in `outDir` are
 * exactly what a build with this key would write, else null.
 */
export function upToDateOutputs(cacheDir: string, key: string, outDir: string): { manifest: Manifest; diagnostics: Diagnostic[] } | null {
  try {
    const record = JSON.parse(fs.readFileSync(recordFile(cacheDir, key), 'utf8')) as BuildRecord;
    const manifestBytes = fs.readFileSync(path.join(outDir, 'manifest.json'));
    if (record.key !== key || sha256(manifestBytes) !== record.manifestSha256) return null;
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
    for (const output of manifest.outputs) {
      if (sha256(fs.readFileSync(path.join(outDir, output.file))) !== output.sha256) return null;
    }
    return { manifest, diagnostics: record.diagnostics };
  } catch {
    return null; // no record, no manifest, a missing output: build
  }
}

/** Remembers that `outDir` now holds what `key` gives; the oldest records beyond a few are dropped. */
export function recordBuild(cacheDir: string, key: string, manifestJson: string, diagnostics: Diagnostic[]): void {
  const record: BuildRecord = { key, manifestSha256: sha256(manifestJson), diagnostics };
  writeFileAtomic(recordFile(cacheDir, key), JSON.stringify(record));
  const dir = path.join(cacheDir, RECORDS);
  const old = fs
    .readdirSync(dir)
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
    .slice(RECORDS_KEPT);
  for (const { f } of old) fs.rmSync(path.join(dir, f), { force: true });
}
