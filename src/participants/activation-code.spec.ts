import { describe, expect, it } from '@jest/globals';
import { hashActivationCode, newActivationCode, normaliseActivationCode } from './activation-code.js';

describe('activation codes', () => {
  it('are 12 unambiguous symbols in three groups, different each time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newActivationCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
  });

  it('are compared without case, spaces or dashes, and stored as a hash', () => {
    expect(normaliseActivationCode(' k7qm-4xpa 9trd ')).toBe('K7QM4XPA9TRD');
    expect(hashActivationCode('k7qm 4xpa-9trd')).toBe(hashActivationCode('K7QM-4XPA-9TRD'));
    expect(hashActivationCode('K7QM-4XPA-9TRD')).toMatch(/^[0-9a-f]{64}$/);
  });
});
