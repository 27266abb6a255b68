/** How a qualification was obtained: by a validated path step, or granted directly. */
export const QUALIFICATION_SOURCES = ['step', 'direct'] as const;
export type QualificationSource = (typeof QUALIFICATION_SOURCES)[number];

/** Qualifications are valid 24 months by default (DESIGN.md). */
export const QUALIFICATION_VALIDITY_MONTHS = 24;
