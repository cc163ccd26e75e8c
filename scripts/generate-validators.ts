/** `npm run generate:validators`: writes src/config/validators.generated.ts from the schemas (src/config/validator-code.ts). */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validatorModuleSource } from '../src/config/validator-code.ts';

const target = fileURLToPath(new URL('../src/config/validators.generated.ts', import.meta.url));
fs.writeFileSync(target, validatorModuleSource());
console.log(`wrote ${target}`);
