/**
 * What the assembly of an edition needs for the trainer's tools
 * (edition/concordance.ts, edition/handouts.ts): the participant-page
 * concordance's items or slots, and the slots a trainer edition fills from
 * other PDFs' layouts.
 */
import type { BookConfig } from '../config/types.ts';
import type { PreparedEdition } from './prepare-edition.ts';
import { CONCORDANCE_SLOT_PREFIX, type ConcordanceRegistry } from './concordance.ts';
import { HANDOUT_SLOT_PREFIX } from './handouts.ts';
import { handoutsSource } from './handouts-job.ts';

/** Assembly settings of the participant-page concordance: the source edition reports its items, a trainer edition has slots. */
export function concordanceSettings(prepared: PreparedEdition, config: BookConfig) {
  const isSource = config.concordance === prepared.edition.name;
  return {
    ...(isSource ? { concordanceItems: prepared.concordanceItems } : {}),
    ...(Object.keys(prepared.concordanceSlots).length ? { concordanceSlots: prepared.concordanceSlots } : {}),
    ...(Object.keys(prepared.handoutSlots).length ? { handoutSlots: prepared.handoutSlots } : {}),
  };
}

/** Slots of a trainer edition filled from other PDFs' layouts: the participant edition's pages, the handouts'. */
export function otherPdfPages(prepared: PreparedEdition, config: BookConfig, concordance: ConcordanceRegistry) {
  const others = [];
  if (Object.keys(prepared.concordanceSlots).length) {
    others.push({
      prefix: CONCORDANCE_SLOT_PREFIX,
      slots: prepared.concordanceSlots,
      layout: concordance.sourceLayout(prepared.lang),
      file: `${config.concordance}.pdf`,
    });
  }
  if (Object.keys(prepared.handoutSlots).length) {
    others.push({
      prefix: HANDOUT_SLOT_PREFIX,
      slots: prepared.handoutSlots,
      layout: concordance.sourceLayout(handoutsSource(prepared.lang)),
      file: 'handouts.pdf',
    });
  }
  return others;
}
