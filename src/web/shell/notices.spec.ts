import { describe, expect, it } from '@jest/globals';
import { noticeFrom, ownEntry } from './notices.js';

describe('notices and address words', () => {
  const DONE = { inscrit: 'C’est fait.' };

  it('reads only the table’s own keys', () => {
    expect(noticeFrom(DONE, 'inscrit')).toBe('C’est fait.');
    for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '', 'inconnu']) {
      expect(noticeFrom(DONE, word)).toBeNull();
      expect(ownEntry({ demarrer: { run: 'start' } }, word)).toBeUndefined();
    }
    expect(noticeFrom(DONE, ['inscrit'])).toBeNull();
    expect(noticeFrom(DONE, undefined)).toBeNull();
    expect(ownEntry({ demarrer: { run: 'start' } }, 'demarrer')).toEqual({ run: 'start' });
  });
});
