import { describe, expect, it } from '@jest/globals';
import { applyTypography, createQuoteState } from './typography.ts';

const fr = (s: string): string => applyTypography(s, 'fr');
const en = (s: string): string => applyTypography(s, 'en');

describe('applyTypography — French', () => {
  it('puts U+202F before ; ! ? whether or not a space was typed', () => {
    expect(fr('Oui ; non !')).toBe('Oui\u202F; non\u202F!');
    expect(fr('Oui; non!')).toBe('Oui\u202F; non\u202F!');
    expect(fr('Vraiment ?')).toBe('Vraiment\u202F?');
    expect(fr('Oui\u00A0; non')).toBe('Oui\u202F; non');
  });

  it('does not double the space when it is already there', () => {
    expect(fr('Oui\u202F; non\u202F!')).toBe('Oui\u202F; non\u202F!');
    const once = fr('« Il dit "oui" ; puis : non ! »');
    expect(fr(once)).toBe(once);
  });

  it('gives ?! one space only and keeps ! ? attached to other punctuation', () => {
    expect(fr('Quoi ?!')).toBe('Quoi\u202F?!');
    expect(fr('Quoi?!')).toBe('Quoi\u202F?!');
    expect(fr('Quoi ? !')).toBe('Quoi\u202F?!');
    expect(fr('Et alors…?')).toBe('Et alors…?');
    expect(fr('Un doute (?) subsiste')).toBe('Un doute (?) subsiste');
  });

  it('puts U+00A0 before a prose colon only', () => {
    expect(fr('Note : ceci')).toBe('Note\u00A0: ceci');
    expect(fr('Note: ceci')).toBe('Note\u00A0: ceci');
    expect(fr('Exemple :')).toBe('Exemple\u00A0:');
    expect(fr('Rendez-vous à 10:30 demain')).toBe('Rendez-vous à 10:30 demain');
    expect(fr('voir http://exemple')).toBe('voir http://exemple');
    expect(fr('ratio 3:1')).toBe('ratio 3:1');
  });

  it('spaces guillemets with U+202F, converting existing spaces', () => {
    expect(fr('« texte »')).toBe('«\u202Ftexte\u202F»');
    expect(fr('«texte»')).toBe('«\u202Ftexte\u202F»');
    expect(fr('«\u00A0texte\u00A0»')).toBe('«\u202Ftexte\u202F»');
    expect(fr('« Oui! »')).toBe('«\u202FOui\u202F!\u202F»');
  });

  it('turns straight double quotes into guillemets', () => {
    expect(fr('Il dit "bonjour" puis part.')).toBe('Il dit «\u202Fbonjour\u202F» puis part.');
    expect(fr('Il dit " bonjour ".')).toBe('Il dit «\u202Fbonjour\u202F».');
    expect(fr('"Oui", dit-il.')).toBe('«\u202FOui\u202F», dit-il.');
  });

  it('turns straight apostrophes into U+2019', () => {
    expect(fr("l'école d'été")).toBe('l\u2019école d\u2019été');
  });

  it('treats a quote at the edge of a fragment as opening at the start, closing at the end after a word', () => {
    expect(fr('"Bonjour')).toBe('«\u202FBonjour');
    expect(fr('dit "')).toBe('dit «\u202F');
    expect(fr('fin"')).toBe('fin\u202F»');
    expect(fr('" ; suite')).toBe('\u202F»\u202F; suite');
    // A fragment starting with punctuation follows an inline element.
    expect(fr('; suite')).toBe('\u202F; suite');
  });

  it('resolves lone quotes across fragments with a shared state', () => {
    const state = createQuoteState();
    expect(applyTypography('Il dit "', 'fr', state)).toBe('Il dit «\u202F');
    expect(applyTypography('"', 'fr', state)).toBe('\u202F»');
    expect(applyTypography(' puis "', 'fr', state)).toBe(' puis «\u202F');
  });

  it('applies to regional variants', () => {
    expect(applyTypography('Oui ; non', 'fr-CA')).toBe('Oui\u202F; non');
  });
});

describe('applyTypography — English and other Latin-script languages', () => {
  it('uses curly double and single quotes', () => {
    expect(en('He said "hello" and \'bye\'.')).toBe('He said \u201Chello\u201D and \u2018bye\u2019.');
    expect(en('"\'Nested,\' he said"')).toBe('\u201C\u2018Nested,\u2019 he said\u201D');
  });

  it('uses the apostrophe inside words', () => {
    expect(en("don't")).toBe('don\u2019t');
    expect(en("the 1990's")).toBe('the 1990\u2019s');
    expect(en("in the '90s")).toBe('in the \u201990s');
    expect(en("the students' work")).toBe('the students\u2019 work');
  });

  it('leaves spacing and punctuation alone', () => {
    expect(en('Note: yes; no! Why?')).toBe('Note: yes; no! Why?');
    expect(en('« already »')).toBe('« already »');
  });

  it('treats fragment edges: opening at the start, closing at the end after a word', () => {
    expect(en('"Quoted')).toBe('\u201CQuoted');
    expect(en('end"')).toBe('end\u201D');
    expect(en('" said she')).toBe('\u201D said she');
  });

  it('reads a character outside the BMP after a quote as one character', () => {
    // MATHEMATICAL BOLD DIGIT NINE is a digit: the quote before it is an apostrophe, as before 9.
    expect(applyTypography("'\u{1D7D7}0s and 'word'", 'en')).toBe('\u2019\u{1D7D7}0s and \u2018word\u2019');
    expect(applyTypography('"\u{1F600}" ; x', 'fr')).toBe('«\u202F\u{1F600}\u202F»\u202F; x');
  });

  it('applies to en-GB and other Latin-script languages', () => {
    expect(applyTypography('"x"', 'en-GB')).toBe('\u201Cx\u201D');
    expect(applyTypography('"x"', 'es')).toBe('\u201Cx\u201D');
  });
});

describe('applyTypography — Arabic', () => {
  it('only turns straight double quotes into guillemets, without spaces', () => {
    expect(applyTypography('قال "مرحبا" ثم ذهب؛ لماذا؟', 'ar')).toBe('قال «مرحبا» ثم ذهب؛ لماذا؟');
    expect(applyTypography("it's : ok ; 'x'", 'ar')).toBe("it's : ok ; 'x'");
  });
});
