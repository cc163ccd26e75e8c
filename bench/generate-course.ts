/**
 * A synthetic course for the benchmark: book.yaml plus N chapters per language
 * (fr, en) of about 4,500 words each (about 12 A4 pages), written in the
 * dialect of docs/authoring.md — front matter, `##`/`###` headings with ids,
 * bullet and numbered lists, a GitHub table with its `Table:` caption, an SVG
 * figure, footnotes, an exercise with its answer, trainer, participant and
 * key-point blocks, and cross-references to other chapters.
 *
 * The text is deterministic: every chapter has its own seeded PRNG, so the
 * same N gives byte-identical files on every run and every machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ENGLISH, FRENCH, type Lexicon } from './words.ts';

export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export interface GeneratedCourse {
  root: string;
  chapters: number;
  /** Absolute paths of the chapter files, per language, in order. */
  files: Record<Lang, string[]>;
  /** Words of prose per chapter, averaged over all chapters of all languages. */
  averageWords: number;
}

/** mulberry32: a small, fast, good-enough PRNG with a 32-bit state. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to derive one seed per (language, chapter). */
function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The sentence the incremental benchmark edits: one per chapter, in the middle
 * of its text (third section of five). Plain words only, so that neither
 * typography nor hyphenation changes it on its way into the PDF.
 */
export function markerSentence(lang: Lang, chapter: number, revised: boolean): string {
  if (lang === 'fr') {
    return revised
      ? `Ce paragraphe témoin du chapitre ${chapter} passe maintenant dans une version révisée pour la mesure incrémentale.`
      : `Ce paragraphe témoin du chapitre ${chapter} reste dans sa version initiale.`;
  }
  return revised
    ? `This witness paragraph of chapter ${chapter} now reads in a revised version for the incremental measurement.`
    : `This witness paragraph of chapter ${chapter} keeps its original wording.`;
}

/** File name of chapter n (1-based) of an N-chapter course: same in every language. */
export function chapterFileName(n: number, total: number): string {
  const width = Math.max(2, String(total).length);
  return `${String(n).padStart(width, '0')}-module-${String(n).padStart(width, '0')}.md`;
}

const FIGURE_FILE = 'cycle.svg';

const TEXTS = {
  fr: {
    title: 'Gérer une institution de microfinance : cours de référence',
    subtitle: 'Édition synthétique pour la mesure des performances',
    figureCaption: 'Le cycle de gestion et ses quatre étapes',
    tableHeader: ['Indicateur', 'Agence nord', 'Agence sud', 'Commentaire'],
    tableCaption: 'Indicateurs comparés des agences',
    materials: ['Tableau de papier et marqueurs', 'Calculatrices', 'Étude de cas'],
    method: 'Exposé interactif, travail en groupes et exercice de calcul',
    duration: '3 h',
    exercise: 'Analyser la situation de l’agence',
    answerLead: 'Corrigé formateur : voici les éléments attendus.',
    trainerLead: 'Note au formateur :',
    participantLead: 'Espace personnel :',
    seeFigure: 'Comme le montre',
    seeTable: 'Le tableau suivant prolonge les chiffres présentés dans',
    seeSection: 'voir aussi',
    stages: ['Planifier', 'Exécuter', 'Contrôler', 'Corriger'],
  },
  en: {
    title: 'Managing a Microfinance Institution: Reference Course',
    subtitle: 'Synthetic edition for performance measurement',
    figureCaption: 'The management cycle and its four stages',
    tableHeader: ['Indicator', 'North branch', 'South branch', 'Comment'],
    tableCaption: 'Branch indicators compared',
    materials: ['Flip chart and markers', 'Calculators', 'Case study'],
    method: 'Interactive presentation, group work and a calculation exercise',
    duration: '3 h',
    exercise: 'Analysing the branch situation',
    answerLead: 'Trainer key: the expected points follow.',
    trainerLead: 'Trainer note:',
    participantLead: 'Personal space:',
    seeFigure: 'As shown in',
    seeTable: 'The table below extends the figures given in',
    seeSection: 'see also',
    stages: ['Plan', 'Execute', 'Control', 'Correct'],
  },
} as const;

/** Writes the course into `root` (which must be empty or absent). */
export function generateCourse(root: string, chapters: number): GeneratedCourse {
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'book.yaml'), bookYaml());
  const files: Record<Lang, string[]> = { fr: [], en: [] };
  let words = 0;
  for (const lang of LANGS) {
    const dir = path.join(root, 'content', lang);
    fs.mkdirSync(path.join(dir, 'images'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'images', FIGURE_FILE), figureSvg(lang));
    for (let n = 1; n <= chapters; n++) {
      const chapter = new ChapterWriter(lang, n, chapters).write();
      const file = path.join(dir, chapterFileName(n, chapters));
      fs.writeFileSync(file, chapter.markdown);
      files[lang].push(file);
      words += chapter.words;
    }
  }
  return { root, chapters, files, averageWords: Math.round(words / (chapters * LANGS.length)) };
}

function bookYaml(): string {
  return [
    '# Synthetic course generated by bench/generate-course.ts',
    `title: "${TEXTS.fr.title}"`,
    `subtitle: ${TEXTS.fr.subtitle}`,
    'authors: [Aminata Sow, Marc Lefèvre]',
    'publisher: Institut coursebook de formation',
    'subject: Cours synthétique pour le banc d’essai de coursebook',
    'keywords: [microfinance, benchmark]',
    'rights: Texte généré automatiquement.',
    'languages: [fr, en]',
    'editions: [participant, trainer]',
    'page:',
    '  size: A4',
    '  gutter: 8mm',
    '  paperThickness: 0.1mm',
    'toc:',
    '  depth: 2',
    'translations:',
    '  en:',
    `    title: "${TEXTS.en.title}"`,
    `    subtitle: ${TEXTS.en.subtitle}`,
    '    publisher: coursebook Training Institute',
    '    subject: Synthetic course for the coursebook benchmark',
    '    rights: Generated text.',
    '',
  ].join('\n');
}

function figureSvg(lang: Lang): string {
  const stages = TEXTS[lang].stages;
  const boxes = stages
    .map((label, i) => {
      const x = 20 + i * 145;
      return [
        `  <rect x="${x}" y="60" width="125" height="60" rx="8" fill="#dcebf7" stroke="#3a6ea5" stroke-width="1.5"/>`,
        `  <text x="${x + 62.5}" y="95" font-size="15" font-weight="bold" text-anchor="middle" fill="#1f2d3d">${i + 1}. ${label}</text>`,
        i < stages.length - 1 ? `  <polygon points="${x + 128},84 ${x + 142},90 ${x + 128},96" fill="#3a4a5c"/>` : '',
      ]
        .filter(Boolean)
        .join('\n');
    })
    .join('\n');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="180" viewBox="0 0 600 180" font-family="Source Sans 3, sans-serif">',
    `  <title>${TEXTS[lang].figureCaption}</title>`,
    '  <rect x="0" y="0" width="600" height="180" fill="#ffffff"/>',
    boxes,
    `  <path d="M 555 125 C 555 170, 45 170, 45 125" fill="none" stroke="#c07a2c" stroke-width="2"/>`,
    '</svg>',
    '',
  ].join('\n');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

class ChapterWriter {
  private readonly random: () => number;
  private readonly lex: Lexicon;
  private readonly vowelWords: string[];
  private words = 0;
  private notes: string[] = [];

  constructor(
    private readonly lang: Lang,
    private readonly n: number,
    private readonly total: number,
  ) {
    this.random = mulberry32(hashSeed(`coursebook-bench/${lang}/${n}`));
    this.lex = lang === 'fr' ? FRENCH : ENGLISH;
    this.vowelWords = this.lex.contentWords.filter((w) => /^[aeéèiouh]/i.test(w));
  }

  write(): { markdown: string; words: number } {
    const t = TEXTS[this.lang];
    const n = this.n;
    const next = (n % this.total) + 1;
    const previous = ((n + this.total - 2) % this.total) + 1;
    const out: string[] = [];

    out.push(
      '---',
      `title: ${this.title(4, 7)}`,
      `duration: ${t.duration}`,
      'objectives:',
      ...[0, 1, 2].map(() => `  - ${this.sentence(7, 12).replace(/[.?]$/, '')}`),
      `materials: [${t.materials.join(', ')}]`,
      `method: ${t.method}`,
      '---',
      '',
    );
    out.push(this.paragraph(90), '', this.paragraph(80), '');

    for (let s = 1; s <= 5; s++) {
      out.push(`## ${this.title(3, 6)} {#sec:c${n}-s${s}}`, '');
      if (s === 2) {
        out.push(`${this.paragraph(50)} ${t.seeFigure} [@fig:c${next}], ${lowerFirst(this.sentence(8, 14))}`, '');
        out.push(`![${t.figureCaption}](images/${FIGURE_FILE}){#fig:c${n}}`, '');
      } else if (s === 3) {
        out.push(`${this.paragraph(40)} ${t.seeTable} [@tbl:c${previous}].`, '');
        out.push(...this.table(), `Table: ${t.tableCaption} ${n} {#tbl:c${n}}`, '');
      } else {
        out.push(`${this.paragraph(65)} (${t.seeSection} [@sec:c${next}-s${s}])`, '');
      }
      for (let sub = 1; sub <= 2; sub++) {
        out.push(`### ${this.title(2, 5)}`, '');
        for (let p = 1; p <= 4; p++) {
          if (s === 3 && sub === 1 && p === 2) {
            // The marker sentence sits in the middle of this paragraph: editing it is the incremental change.
            out.push(`${this.paragraph(35)} ${markerSentence(this.lang, n, false)} ${this.paragraph(35)}`, '');
          } else if (p === 3 && (s === 1 || s === 4)) {
            out.push(this.withFootnote(this.paragraph(72)), '');
          } else {
            out.push(this.paragraph(72), '');
          }
        }
        if (s === 1 && sub === 1) out.push(...this.bulletList(5), '');
        if (s === 2 && sub === 2) out.push(...this.numberedList(5), '');
      }
    }

    out.push(
      `::: exercise ${t.exercise} ${n}`,
      '',
      this.paragraph(70),
      '',
      ...this.numberedList(4),
      '',
      '::: answer',
      `${t.answerLead} ${this.paragraph(80)}`,
      ':::',
      '',
      ':::',
      '',
      '::: keypoint',
      this.paragraph(70),
      ':::',
      '',
      '::: trainer',
      `${t.trainerLead} ${this.paragraph(90)}`,
      ':::',
      '',
      '::: participant',
      `${t.participantLead} ${this.paragraph(40)}`,
      ':::',
      '',
    );
    out.push(...this.notes, '');
    return { markdown: out.join('\n'), words: this.words };
  }

  private pick<T>(list: readonly T[]): T {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the word lists are not empty and the index is below their length
    return list[Math.floor(this.random() * list.length)]!;
  }

  private between(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  /** A sentence of `min`–`max` words, capitalized, with the odd comma, ending in a full stop (now and then a question mark). */
  sentence(min: number, max: number): string {
    const length = this.between(min, max);
    const parts: string[] = [this.pick(this.lex.openers)];
    let previousWasFunction = true;
    while (parts.length < length) {
      const useFunction: boolean = !previousWasFunction && this.random() < 0.42;
      // After an elided form (l', d', qu') comes a word that starts with a vowel.
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the sentence starts with an opener, so parts is not empty
      const elided = parts.at(-1)!.endsWith("'");
      let word = useFunction ? this.pick(this.lex.functionWords) : this.pick(elided ? this.vowelWords : this.lex.contentWords);
      previousWasFunction = useFunction;
      if (!useFunction && parts.length < length - 1 && this.random() < 0.1) word += ',';
      parts.push(word);
    }
    this.words += parts.length;
    // Elided forms (l', d', qu') attach to the next word.
    let text = '';
    for (const part of parts) text += text === '' || text.endsWith("'") ? part : ` ${part}`;
    text = text.replace(/'$/, "'un").replace(/,$/, '');
    const question = this.random() < 0.08;
    const end = question ? (this.lang === 'fr' ? ' ?' : '?') : '.';
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${end}`;
  }

  /** A paragraph of about `words` words. */
  paragraph(words: number): string {
    const sentences: string[] = [];
    const start = this.words;
    while (this.words - start < words) sentences.push(this.sentence(8, 22));
    return sentences.join(' ');
  }

  /** A heading: `min`–`max` words, no digits at its end (the TOC check reads the number after it). */
  title(min: number, max: number): string {
    const length = this.between(min, max);
    const words = [this.pick(this.lex.openers)];
    while (words.length < length) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the heading starts with a word, so words is not empty
      const elided = words.at(-1)!.endsWith("'");
      words.push(this.pick(elided ? this.vowelWords : this.random() < 0.5 ? this.lex.headingWords : this.lex.contentWords).toLowerCase());
    }
    this.words += words.length;
    let text = '';
    for (const word of words) text += text === '' || text.endsWith("'") ? word : ` ${word}`;
    return text.replace(/,/g, '');
  }

  private withFootnote(paragraph: string): string {
    const label = `c${this.n}-${this.notes.length + 1}`;
    this.notes.push(`[^${label}]: ${this.sentence(12, 24)} ${this.sentence(8, 16)}`);
    const cut = paragraph.indexOf('. ');
    return cut < 0 ? `${paragraph}[^${label}]` : `${paragraph.slice(0, cut + 1)}[^${label}]${paragraph.slice(cut + 1)}`;
  }

  private bulletList(items: number): string[] {
    return Array.from({ length: items }, () => {
      const lead = this.title(1, 2);
      return `- **${lead}**${this.lang === 'fr' ? ' :' : ':'} ${this.sentence(10, 18)}`;
    });
  }

  private numberedList(items: number): string[] {
    return Array.from({ length: items }, (_, i) => `${i + 1}. ${this.sentence(9, 18)}`);
  }

  private table(): string[] {
    const header = TEXTS[this.lang].tableHeader;
    const rows = Array.from({ length: 6 }, () => {
      const label = this.title(2, 3);
      const figure = (): string => {
        const value = (this.random() * 40).toFixed(1);
        return this.lang === 'fr' ? value.replace('.', ',') : value;
      };
      const [a, b] = [figure(), figure()];
      return `| ${label} | ${a} % | ${b} % | ${this.title(3, 6)} |`;
    });
    return [`| ${header.join(' | ')} |`, '|---|---:|---:|---|', ...rows];
  }
}
