export const ROLES = ['admin', 'facilitator', 'trainer', 'learner'] as const;
export type Role = (typeof ROLES)[number];

/** Fablab staff: everyone but learners. */
export const STAFF_ROLES: Role[] = ['admin', 'facilitator', 'trainer'];
