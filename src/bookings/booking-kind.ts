/** training: where qualifications are earned; session: a partner's group; open_lab: a qualified learner alone. */
export const BOOKING_KINDS = ['training', 'session', 'open_lab'] as const;
export type BookingKind = (typeof BOOKING_KINDS)[number];
