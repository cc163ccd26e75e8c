import { describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { LeakGuard } from './edition-guard.ts';
import { letters } from './probes.ts';
import type { EditionText } from './edition-text.ts';

const hidden = (text: string): EditionText => ({
  hidden: [{ file: 'content/fr/01.md', line: 12, what: '"::: trainer" block', text }],
  shown: 'Le chapitre montre le calcul du taux effectif global et le tableau de remboursement.',
});
const answer = 'Les formateurs rappellent que la caution solidaire engage chaque membre du groupe pour tout le prêt';
const otherAnswer = 'Les formateurs expliquent que la garantie mutuelle protège chaque membre contre un retard ponctuel';

describe('LeakGuard, a part searched again', () => {
  it('remembers what a part held for the same probes, and searches it again when the probes change', async () => {
    const doc = await PDFDocument.create();
    const partKey = `part-${process.pid}-${Date.now()}`; // a key no other test uses: the memo lives in the process
    const leaking = letters(`Page 12. ${answer}.`);

    const first = LeakGuard.of(hidden(answer));
    expect(await first.read(doc, leaking, partKey)).toBeNull();
    expect(first.leaks('fr/participant')).toHaveLength(1);

    // Same probes, same part: what the first search found counts, without searching the text given
    // (a part's key names its bytes, so its letters cannot differ; these do, to show no search ran).
    const again = LeakGuard.of(hidden(answer));
    await again.read(doc, letters('Page 12. Rien à signaler.'), partKey);
    expect(again.leaks('fr/participant')).toHaveLength(1);

    // Other probes (the hidden block was edited): the same part is searched again.
    const edited = LeakGuard.of(hidden(otherAnswer));
    await edited.read(doc, leaking, partKey);
    expect(edited.leaks('fr/participant')).toEqual([]);
    const editedLeaking = LeakGuard.of(hidden(otherAnswer));
    await editedLeaking.read(doc, letters(otherAnswer), `${partKey}-2`);
    expect(editedLeaking.leaks('fr/participant')).toHaveLength(1);
  });

  it('searches a part read without a key every time', async () => {
    const doc = await PDFDocument.create();
    const guard = LeakGuard.of(hidden(answer));
    await guard.read(doc, letters('Rien.'), null);
    expect(guard.leaks('fr/participant')).toEqual([]);
    await guard.read(doc, letters(answer), null);
    expect(guard.leaks('fr/participant')).toHaveLength(1);
  });
});
