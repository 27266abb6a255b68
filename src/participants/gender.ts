export const GENDERS = ['female', 'male', 'nonbinary', 'undisclosed'] as const;
export type Gender = (typeof GENDERS)[number];
