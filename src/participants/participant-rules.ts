import { DomainError } from '../common/errors/domain-error.js';

/** Under this age (current year − birth year), a guardian and parental consent are required. */
export const PARENTAL_CONSENT_AGE = 15;

export const ageInYear = (birthYear: number, year: number): number => year - birthYear;

export const needsParentalConsent = (birthYear: number, year: number): boolean =>
  ageInYear(birthYear, year) < PARENTAL_CONSENT_AGE;

/**
 * A minor under 15 needs a guardian and `parentalConsent: true` (422 PARENTAL_CONSENT_REQUIRED).
 * `year` is the current calendar year in APP_TIMEZONE.
 */
export function assertParentalConsent(
  participant: { birthYear: number; guardianName: string | null; consentParental: boolean | null },
  year: number,
): void {
  if (!needsParentalConsent(participant.birthYear, year)) return;
  const missing: string[] = [];
  if (!participant.guardianName) missing.push('guardian');
  if (participant.consentParental !== true) missing.push('consent.parentalConsent');
  if (missing.length > 0) {
    throw new DomainError(
      'PARENTAL_CONSENT_REQUIRED',
      `Under ${PARENTAL_CONSENT_AGE}, a guardian and parental consent are required`,
      { missing },
    );
  }
}
