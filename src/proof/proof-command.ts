/** `coursebook proof`: proof sheets of every built interior listed in the output folder's manifest. */
import fs from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../report/manifest.ts';
import { writeProofSheets } from './proof-sheets.ts';

export interface ProofCliOptions {
  root: string;
  from?: string;
  lang?: string[];
  edition?: string[];
  out?: string;
  dpi: number;
}

export async function runProof(opts: ProofCliOptions): Promise<number> {
  const root = path.resolve(opts.root);
  const from = path.resolve(opts.from ?? path.join(root, 'output'));
  const out = path.resolve(opts.out ?? path.join(root, 'proof'));
  const manifestFile = path.join(from, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    process.stderr.write(
      `coursebook proof: no ${path.relative(process.cwd(), manifestFile) || manifestFile}: run \`coursebook build\` first (or give --from)\n`,
    );
    return 1;
  }
  if (!(opts.dpi >= 10 && opts.dpi <= 600)) {
    process.stderr.write('coursebook proof: --dpi must be between 10 and 600\n');
    return 1;
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const interiors = manifest.outputs.filter(
    (o) =>
      o.kind === 'interior' &&
      (!opts.lang?.length || opts.lang.includes(o.lang)) &&
      (!opts.edition?.length || opts.edition.includes(o.edition)),
  );
  if (interiors.length === 0) {
    process.stderr.write(
      `coursebook proof: no built interior matches (built: ${
        manifest.outputs
          .filter((o) => o.kind === 'interior')
          .map((o) => `${o.lang}/${o.edition}`)
          .join(', ') || 'none'
      })\n`,
    );
    return 1;
  }
  for (const interior of interiors) {
    const dir = path.join(out, interior.lang, interior.edition);
    fs.rmSync(dir, { recursive: true, force: true });
    const result = await writeProofSheets(path.join(from, interior.file), dir, opts.dpi);
    process.stderr.write(
      `  ${path.relative(process.cwd(), dir) || '.'}: ${result.spreads.length} spreads, ${result.sheets.length} contact sheets (${result.pages} pages)\n`,
    );
  }
  return 0;
}
