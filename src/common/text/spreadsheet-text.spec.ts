import { describe, expect, it } from '@jest/globals';
import { neutraliseFormula } from './spreadsheet-text.js';

describe('neutraliseFormula', () => {
  it.each(['=1+1', '+33 6 12', '-2', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://x","clic")'])('prefixes %j', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it.each(['Mission locale', '73000', '', " '=déjà", 'a=b'])('keeps %j', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});
