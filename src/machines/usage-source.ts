/** Where a usage-meter reading came from. */
/** `correction`: a facilitator setting a wrong meter back, with a reason (the only movement down). */
export const USAGE_SOURCES = ['manual', 'work_order', 'booking', 'correction'] as const;
export type UsageSource = (typeof USAGE_SOURCES)[number];
