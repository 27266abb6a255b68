import { describe, expect, it } from '@jest/globals';
import { identityKey, nameKey, normaliseName, searchTerms } from './name-key.js';

describe('name keys', () => {
  it('ignores case, accents, hyphens, apostrophes and extra spaces', () => {
    expect(normaliseName('  Élodie ')).toBe('elodie');
    expect(normaliseName("Jean-Hervé  D'Arçy")).toBe('jean herve d arcy');
    expect(normaliseName('Lætitia Œuvrard')).toBe('laetitia oeuvrard');
  });

  it('keeps letters of other scripts', () => {
    expect(normaliseName('Ярослав')).toBe('ярослав');
    expect(normaliseName('محمد')).toBe('محمد');
  });

  it('matches the same person whatever the spelling of case and accents', () => {
    expect(identityKey('Élodie', 'Dupont-Martin', 2008)).toBe(identityKey('ELODIE', 'dupont martin', 2008));
    expect(identityKey('Élodie', 'Dupont', 2008)).not.toBe(identityKey('Élodie', 'Dupont', 2009));
  });

  it('sorts by last name, searches by words without wildcards', () => {
    expect(nameKey('Sam', 'Durand')).toBe('durand sam');
    expect(searchTerms(' dur%  SÀM_ ')).toEqual(['dur', 'sam']);
    expect(searchTerms('%%')).toEqual([]);
  });
});
