import fs from 'node:fs';
import path from 'node:path';
import { startDevServer } from './src/dev/dev-server.ts';
process.env.SOURCE_DATE_EPOCH = '1767225600';
const root = '/tmp/cb-author/ab-0';
const s = await startDevServer({ root, lang: 'fr', edition: 'participant', port: 0 });
const status = async () => (await (await fetch(new URL('status.json', s.url))).json()) as { version: number };
let v = 0; while ((v = (await status()).version) < 1) await new Promise((r) => setTimeout(r, 20));
console.error('[ready]');
const file = path.join(root, 'content/fr', fs.readdirSync(path.join(root, 'content/fr')).sort()[25]!);
for (let i = 0; i < 3; i++) {
  const t0 = performance.now(); console.error('--- save', i);
  fs.appendFileSync(file, `\nPhrase de mesure ${Date.now()}.\n`);
  let nv; while ((nv = (await status()).version) <= v) await new Promise((r) => setTimeout(r, 10));
  v = nv; console.error('served', ((performance.now() - t0) / 1000).toFixed(2));
  await new Promise((r) => setTimeout(r, 1500));
}
await s.close();
