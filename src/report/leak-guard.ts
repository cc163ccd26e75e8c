/**
 * Leak guard: after printing, the text of an edition's PDF is read back
 * (report/pdf-text.ts) and
 * searched for passages that were excluded from that edition (trainer notes,
 * answers, trainer-only chapters in the participant book…). Any hit fails
 * the build. Passages are compared on letters and digits only, so line
 * breaks, hyphenation and spacing in the PDF do not hide a leak.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

export interface HiddenPassage {
  /** Where it comes from, for the message. */
  file: string;
  line: number;
  what: string;
  /** Plain text of the passage. */
  text: string;
}

/** Words per probe: long enough never to match visible text by chance. */
const PROBE_WORDS = 8;

export interface Probe {
  passage: HiddenPassage;
  key: string;
}

/** Up to three probes per passage: its start, middle and end. */
export function probesFor(passages: HiddenPassage[]): Probe[] {
  const probes: Probe[] = [];
  for (const passage of passages) {
    const words = passage.text.split(/\s+/).filter((w) => letters(w).length > 0);
    if (words.length < 4) continue; // too short to tell apart from visible text
    const starts = words.length <= PROBE_WORDS ? [0] : [0, Math.floor((words.length - PROBE_WORDS) / 2), words.length - PROBE_WORDS];
    for (const start of new Set(starts)) {
      const key = letters(words.slice(start, start + PROBE_WORDS).join(' '));
      if (key.length >= 20) probes.push({ passage, key });
    }
  }
  return probes;
}

export function letters(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export function findLeaks(text: string, probes: Probe[], output: string): Diagnostic[] {
  const leaked = new Map<HiddenPassage, true>();
  for (const probe of probes) if (text.includes(probe.key)) leaked.set(probe.passage, true);
  return [...leaked.keys()].map((passage) => ({
    severity: 'error' as const,
    code: 'leak/excluded-text',
    message: `${passage.what} excluded from ${output} appears in its PDF`,
    file: passage.file,
    line: passage.line,
    hint: 'the same words are printed elsewhere in this edition (or a template prints them): move them out of the hidden block, or out of the shared text',
  }));
}
