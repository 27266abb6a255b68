export const WORK_ORDER_STATUSES = ['open', 'in_progress', 'on_hold', 'done', 'cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** Statuses of a work order still to be done: they count as "open" (and their window blocks bookings). */
export const UNFINISHED_STATUSES: readonly WorkOrderStatus[] = ['open', 'in_progress', 'on_hold'];

export const WORK_ORDER_ACTIONS = ['start', 'hold', 'complete', 'cancel'] as const;
export type WorkOrderAction = (typeof WORK_ORDER_ACTIONS)[number];

/**
 * The work-order life cycle: each action, the statuses it may start from, and where it leads.
 *
 * | from \ action | start       | hold    | complete | cancel    |
 * |---------------|-------------|---------|----------|-----------|
 * | open          | in_progress | on_hold | done     | cancelled |
 * | in_progress   | —           | on_hold | done     | cancelled |
 * | on_hold       | in_progress | —       | —        | cancelled |
 * | done          | —           | —       | —        | —         |
 * | cancelled     | —           | —       | —        | —         |
 *
 * open → done: a two-minute fix (a jammed nozzle) is recorded in one step, without a start.
 * open → on_hold: the job waits before it can begin (a spare part is on order).
 * on_hold ↛ done: work resumes (start) before it is completed, so the order shows who finished.
 * done and cancelled are final. Anything else is 422 INVALID_TRANSITION.
 */
export const WORK_ORDER_TRANSITIONS: Record<WorkOrderAction, { from: readonly WorkOrderStatus[]; to: WorkOrderStatus }> = {
  start: { from: ['open', 'on_hold'], to: 'in_progress' },
  hold: { from: ['open', 'in_progress'], to: 'on_hold' },
  complete: { from: ['open', 'in_progress'], to: 'done' },
  cancel: { from: ['open', 'in_progress', 'on_hold'], to: 'cancelled' },
};

/** Where `action` leads from `status`, or null when the move is illegal. */
export function nextWorkOrderStatus(status: WorkOrderStatus, action: WorkOrderAction): WorkOrderStatus | null {
  const transition = WORK_ORDER_TRANSITIONS[action];
  return transition.from.includes(status) ? transition.to : null;
}
