/**
 * Names compared the way people mean them: case, accents and punctuation do not count
 * ("Élodie Dupont-Martin" = "elodie dupont martin"). Letters of every script are kept.
 */
export function normaliseName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Search and sort key: "last first". */
export const nameKey = (firstName: string, lastName: string): string =>
  `${normaliseName(lastName)} ${normaliseName(firstName)}`.trim();

/** Same first name, last name and birth year = the same person (likely duplicate). */
export const identityKey = (firstName: string, lastName: string, birthYear: number): string =>
  `${normaliseName(firstName)}|${normaliseName(lastName)}|${birthYear}`;

/** The words of a search, normalised like names; they hold no LIKE wildcard. */
export const searchTerms = (search: string): string[] => normaliseName(search).split(' ').filter(Boolean);
