/** Why a confirmed booking was flagged `affected`: what broke it. */
export const AFFECTED_REASONS = ['incident', 'maintenance_window'] as const;
export type AffectedReason = (typeof AFFECTED_REASONS)[number];
