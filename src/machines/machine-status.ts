export const MACHINE_STATUSES = ['available', 'maintenance', 'out_of_order', 'retired'] as const;
export type MachineStatus = (typeof MACHINE_STATUSES)[number];

/** Statuses counted as downtime in the metrics. */
export const DOWN_STATUSES: readonly MachineStatus[] = ['out_of_order', 'maintenance'];

/** What caused a status change, kept in the history. */
export const STATUS_CHANGE_SOURCES = ['created', 'manual', 'incident', 'work_order'] as const;
export type StatusChangeSource = (typeof STATUS_CHANGE_SOURCES)[number];
