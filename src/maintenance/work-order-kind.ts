export const WORK_ORDER_KINDS = ['preventive', 'corrective', 'inspection'] as const;
export type WorkOrderKind = (typeof WORK_ORDER_KINDS)[number];
