/** `npm run docs:config`: writes docs/configuration.md from the schemas (src/config/reference.ts). */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderReference } from '../src/config/reference.ts';

const target = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));
fs.writeFileSync(target, renderReference());
console.log(`wrote ${target}`);
