/** Where a usage-meter reading came from. */
export const USAGE_SOURCES = ['manual', 'work_order', 'booking'] as const;
export type UsageSource = (typeof USAGE_SOURCES)[number];
