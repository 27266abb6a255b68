import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors/domain-error.js';
import { assertParentalConsent, needsParentalConsent } from './participant-rules.js';

describe('parental consent', () => {
  it('is needed under 15 (current year − birth year), not from 15', () => {
    expect(needsParentalConsent(2012, 2026)).toBe(true); // 14
    expect(needsParentalConsent(2011, 2026)).toBe(false); // 15
  });

  it('requires a guardian and parentalConsent true for a minor under 15', () => {
    const minor = { birthYear: 2013, guardianName: null, consentParental: null };
    const error = (() => {
      try {
        assertParentalConsent(minor, 2026);
      } catch (e) {
        return e as DomainError;
      }
      return null;
    })();
    expect(error?.code).toBe('PARENTAL_CONSENT_REQUIRED');
    expect(error?.details).toEqual({ missing: ['guardian', 'consent.parentalConsent'] });
    expect(() => assertParentalConsent({ ...minor, guardianName: 'Parent' }, 2026)).toThrow(DomainError);
    expect(() => assertParentalConsent({ ...minor, consentParental: true }, 2026)).toThrow(DomainError);
    expect(() => assertParentalConsent({ ...minor, guardianName: 'Parent', consentParental: false }, 2026)).toThrow(DomainError);
    expect(() => assertParentalConsent({ ...minor, guardianName: 'Parent', consentParental: true }, 2026)).not.toThrow();
  });

  it('asks nothing of someone 15 or older', () => {
    expect(() => assertParentalConsent({ birthYear: 2011, guardianName: null, consentParental: null }, 2026)).not.toThrow();
  });
});
