/** Who a participant is, for the yearly target's breakdown (DESIGN.md enumerations). */
export const AUDIENCES = ['insertion', 'dropout', 'pupil', 'other'] as const;
export type Audience = (typeof AUDIENCES)[number];
