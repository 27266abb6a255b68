/** What a path step is: a workshop, a machine qualification, a personal project or sharing. */
export const STEP_KINDS = ['workshop', 'qualification', 'project', 'sharing'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
