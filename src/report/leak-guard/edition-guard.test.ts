import { describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { LeakGuard } from './edition-guard.ts';
import { editionTextKey } from './leak-records.ts';
import { letters } from './probes.ts';
import type { EditionText } from './edition-text.ts';

const hidden = (text: string): EditionText => ({
  hidden: [{ file: 'content/fr/01.md', line: 12, what: '"::: trainer" block', text }],
  shown: 'Le chapitre montre le calcul du taux effectif global et le tableau de remboursement.',
});
const answer = 'Les formateurs rappellent que la caution solidaire engage chaque membre du groupe pour tout le prêt';
const otherAnswer = 'Les formateurs expliquent que la garantie mutuelle protège chaque membre contre un retard ponctuel';

describe('LeakGuard, what it keeps for later builds', () => {
  it('searches letters it is given and returns the probes found, to be kept with the part', async () => {
    const doc = await PDFDocument.create();
    const guard = LeakGuard.of(hidden(answer));
    expect(guard.chosenNow).toBe(true);
    const read = await guard.read(doc, { letters: letters(`Page 12. ${answer}.`), hits: null });
    expect(read.letters).toBeNull(); // known already
    expect(read.hits?.length).toBeGreaterThan(0);
    expect(guard.leaks('fr/participant')).toHaveLength(1);
  });

  it('counts the hits an earlier build found, without searching, and takes its probes from a record', async () => {
    const doc = await PDFDocument.create();
    const first = LeakGuard.of(hidden(answer));
    const { hits } = await first.read(doc, { letters: letters(`Page 12. ${answer}.`), hits: null });

    const again = LeakGuard.of(hidden(answer), first.record);
    expect(again.chosenNow).toBe(false);
    expect(again.record).toEqual(first.record);
    // The letters given hold nothing: what is counted is the recorded hits, so no search ran.
    expect(await again.read(doc, { letters: letters('Page 12. Rien à signaler.'), hits })).toEqual({ letters: null, hits: null });
    expect(again.leaks('fr/participant')).toHaveLength(1);
  });

  it('chooses probes again when the record does not fit the text, and hits that are no probe of the set are searched again', async () => {
    const doc = await PDFDocument.create();
    const guard = LeakGuard.of(hidden(answer), [[3, 'nothing']]);
    expect(guard.chosenNow).toBe(true);
    const read = await guard.read(doc, { letters: letters('Rien.'), hits: [999] });
    expect(read.hits).toEqual([]);
    expect(guard.leaks('fr/participant')).toEqual([]);
  });

  it('keys probes by the whole text, and hits by the probes: an edit of visible text keeps the probe set', () => {
    const key = editionTextKey(hidden(answer), 'code');
    expect(editionTextKey(hidden(answer), 'code')).toBe(key);
    expect(editionTextKey(hidden(otherAnswer), 'code')).not.toBe(key);
    expect(editionTextKey({ ...hidden(answer), shown: 'Autre texte.' }, 'code')).not.toBe(key);
    expect(editionTextKey(hidden(answer), 'other code')).not.toBe(key);

    const guard = LeakGuard.of(hidden(answer));
    // Another visible sentence: other text, same probes, so the parts' hits still count.
    expect(LeakGuard.of({ ...hidden(answer), shown: `${hidden(answer).shown} Une phrase de plus.` }).key).toBe(guard.key);
    // Visible text that now holds a run of the hidden block: that run is no probe any more.
    expect(LeakGuard.of({ ...hidden(answer), shown: answer.slice(0, 60) }).key).not.toBe(guard.key);
    expect(LeakGuard.of(hidden(otherAnswer)).key).not.toBe(guard.key);
  });

  it('reads a part with nothing known from the document itself', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const guard = LeakGuard.of(hidden(answer));
    const read = await guard.read(doc, { letters: null, hits: null });
    expect(read).toEqual({ letters: '', hits: [] });
  });
});
