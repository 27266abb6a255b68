/** Folds text for matching: no accents, lower case, single spaces ("  Lycée  Vaugelas" → "lycee vaugelas"). */
export const fold = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
