/**
 * The files `coursebook init` writes: a short course on running a savings
 * group, in French and English (other languages get the English text to
 * translate), whose first chapter uses every construct of the Markdown
 * dialect. Original text written for coursebook.
 */

type Texts = Record<'title' | 'subtitle' | 'ch1' | 'ch2', string>;

const TEXTS: Record<'fr' | 'en', Texts> = {
  fr: { title: 'Animer un groupe d’épargne', subtitle: 'Un cours de démonstration', ch1: 'Premiers pas', ch2: 'La réunion hebdomadaire' },
  en: { title: 'Running a Savings Group', subtitle: 'A demonstration course', ch1: 'First steps', ch2: 'The weekly meeting' },
};

export function bookYaml(langs: string[]): string {
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- init always asks for at least one language
  const source = textsFor(langs[0]!);
  const translations = langs
    .slice(1)
    .map((lang) => `  ${lang}:\n    title: ${textsFor(lang).title}\n    subtitle: ${textsFor(lang).subtitle}`)
    .join('\n');
  return `# book.yaml: the course's settings. Every key is checked when you build;
# a wrong key or value is reported with its line. Reference: docs/authoring.md
# and the README of coursebook ("A course folder").

title: ${source.title}            # required
subtitle: ${source.subtitle}
authors: [Your Name]
publisher: Your organisation
rights: Written for this course. Replace with your own terms.

# The first language is the source; chapters carry the same file name in
# every language (content/<lang>/01-first-steps.md).
languages: [${langs.join(', ')}]

# participant: the manual; trainer: the same plus ::: trainer and ::: answer blocks.
editions: [participant, trainer]

page:
  size: A4                 # A4, A5, B5, Letter or "170mm 240mm"
  gutter: 8mm              # added to the inner margin for the binding
  # bleed: 3mm             # for a printer that trims
  # marks: crop

toc:
  depth: 2                 # heading levels in the contents (1-3)

# Book texts in the other languages.
translations:
${translations || '  {}'}

# Overriding the look:
#   styles/     a CSS file named like a built-in one (book.css, cover.css,
#               furniture.css) replaces it; any other CSS file is added to the
#               book (see styles/course.css).
#   templates/  a Handlebars layout or partial named like a built-in one
#               (book.hbs, cover.hbs, partials/…) replaces it.
#   locales/    <lang>.yaml overrides the interface strings of a language.
`;
}

function textsFor(lang: string): Texts {
  return lang === 'fr' ? TEXTS.fr : TEXTS.en;
}

export function firstChapter(lang: string): string {
  if (lang === 'fr') {
    return `---
title: ${TEXTS.fr.ch1}
duration: 1 h 30
objectives:
  - Expliquer à quoi sert un groupe d’épargne
  - Tenir le registre d’une réunion
method: Exposé court puis exercice en binômes
---

Un groupe d’épargne réunit une vingtaine de personnes qui mettent de côté de
petites sommes chaque semaine et se les prêtent entre elles[^origine]. Ce
chapitre montre toutes les constructions du format : blocs, figure, tableau,
note et renvois (voir [@sec:registre] et [@ch:02-meeting]).

[^origine]: Cette note de bas de page est numérotée dans le chapitre.

## Le cycle de l’épargne {#sec:cycle}

![Le cycle d’un groupe d’épargne sur une année](images/cycle.svg){#fig:cycle}

La [@fig:cycle] résume une année : cotisations, prêts, remboursements, puis
partage de la caisse.

::: keypoint
Un groupe ne prête que l’argent de ses membres : la caisse ne doit jamais être
vide au moment d’un prêt.
:::

## Le registre {#sec:registre}

| Membre   | Épargne (semaine) | Prêt en cours |
|----------|------------------:|--------------:|
| Awa      | 500               | 10 000        |
| Koffi    | 1 000             | 0             |
| Mariam   | 500               | 5 000         |

Table: Extrait du registre d’une réunion {#tbl:registre}

Le [@tbl:registre] montre les trois colonnes que le secrétaire remplit.

::: participant
Apportez votre carnet : vous y recopierez le registre pendant l’exercice.
:::

::: trainer
Prévoyez vingt minutes. Faites lire le tableau à voix haute avant l’exercice.
:::

::: exercise Calculer la caisse
Awa, Koffi et Mariam ont versé leur épargne. Combien y a-t-il dans la caisse
cette semaine ?

::: answer
500 + 1 000 + 500 = 2 000 francs.
:::
:::
`;
  }
  return `---
title: ${TEXTS.en.ch1}
duration: 1.5 h
objectives:
  - Explain what a savings group is for
  - Keep the record of a meeting
method: Short talk, then an exercise in pairs
---

A savings group brings together about twenty people who put small sums aside
every week and lend them to one another[^origin]. This chapter shows every
construct of the format: blocks, figure, table, note and cross-references
(see [@sec:record] and [@ch:02-meeting]).

[^origin]: This footnote is numbered within the chapter.

## The savings cycle {#sec:cycle}

![The cycle of a savings group over one year](images/cycle.svg){#fig:cycle}

[@fig:cycle] sums up one year: contributions, loans, repayments, then the
share-out of the fund.

::: keypoint
A group lends only its members' money: the box must never be empty when a
loan is made.
:::

## The record {#sec:record}

| Member   | Savings (week) | Loan outstanding |
|----------|---------------:|-----------------:|
| Awa      | 500            | 10,000           |
| Koffi    | 1,000          | 0                |
| Mariam   | 500            | 5,000            |

Table: Part of the record of one meeting {#tbl:record}

[@tbl:record] shows the three columns the secretary fills in.

::: participant
Bring your notebook: you will copy the record into it during the exercise.
:::

::: trainer
Allow twenty minutes. Have the table read aloud before the exercise.
:::

::: exercise Count the box
Awa, Koffi and Mariam have paid in their savings. How much is in the box this
week?

::: answer
500 + 1,000 + 500 = 2,000 francs.
:::
:::
`;
}

export function secondChapter(lang: string): string {
  if (lang === 'fr') {
    return `---
title: ${TEXTS.fr.ch2}
---

Chaque réunion suit le même ordre : appel, épargne, remboursements, nouveaux
prêts. Le registre décrit en [@sec:registre] garde la trace de chaque somme.
`;
  }
  return `---
title: ${TEXTS.en.ch2}
---

Every meeting follows the same order: roll call, savings, repayments, new
loans. The record described in [@sec:record] keeps track of every sum.
`;
}

/** Chapter files of a language: the same names in every language. */
export function chapterFiles(lang: string): [string, string][] {
  return [
    ['01-first-steps.md', firstChapter(lang)],
    ['02-meeting.md', secondChapter(lang)],
  ];
}

export const CYCLE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="120" viewBox="0 0 360 120">
  <g font-size="13" text-anchor="middle" fill="#1d3557">
    <rect x="10" y="40" width="70" height="40" rx="6" fill="#e9f1f7" stroke="#1d3557"/>
    <text x="45" y="65">1</text>
    <rect x="100" y="40" width="70" height="40" rx="6" fill="#e9f1f7" stroke="#1d3557"/>
    <text x="135" y="65">2</text>
    <rect x="190" y="40" width="70" height="40" rx="6" fill="#e9f1f7" stroke="#1d3557"/>
    <text x="225" y="65">3</text>
    <rect x="280" y="40" width="70" height="40" rx="6" fill="#e9f1f7" stroke="#1d3557"/>
    <text x="315" y="65">4</text>
  </g>
  <g stroke="#1d3557" stroke-width="2">
    <line x1="80" y1="60" x2="100" y2="60"/><line x1="170" y1="60" x2="190" y2="60"/><line x1="260" y1="60" x2="280" y2="60"/>
  </g>
</svg>
`;

export const COURSE_CSS = `/* styles/course.css: added to the built-in book styles (a file named book.css
   would replace them instead). Example: a darker colour for key points. */
.keypoint { border-left-color: #1d3557; }
`;
