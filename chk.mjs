import fontkit from '@pdf-lib/fontkit';
import fs from 'node:fs';
for (const f of process.argv.slice(2)) {
  const font = fontkit.create(fs.readFileSync(f));
  const has = (cp) => font.hasGlyphForCodePoint(cp);
  console.log(f.split('/').pop(), 'glyphs', font.numGlyphs, 'MATH', !!font.directory.tables.MATH, 'x2211', has(0x2211), 'mathit a', has(0x1D44E), 'box ├', has(0x251C), '─', has(0x2500), '└', has(0x2514), 'é', has(0xe9));
}
