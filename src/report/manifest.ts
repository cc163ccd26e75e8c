import { createHash } from 'node:crypto';

export interface ManifestOutput {
  lang: string;
  edition: string;
  kind: 'interior' | 'cover' | 'handouts';
  /** Relative to the output folder, with forward slashes. */
  file: string;
  pages: number;
  sha256: string;
  /** Chapters printed in the source language because their translation is missing. */
  fallbackChapters?: string[];
}

export interface Manifest {
  generator: string;
  inputsDigest: string;
  outputs: ManifestOutput[];
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function manifestJson(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
