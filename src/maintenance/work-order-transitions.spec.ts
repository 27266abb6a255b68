import { describe, expect, it } from '@jest/globals';
import { nextWorkOrderStatus, WORK_ORDER_ACTIONS, WORK_ORDER_STATUSES, type WorkOrderStatus } from './work-order-transitions.js';

describe('work-order transitions', () => {
  it('follows the documented table exactly', () => {
    const table: Record<WorkOrderStatus, (WorkOrderStatus | null)[]> = {
      //            start          hold        complete  cancel
      open: ['in_progress', 'on_hold', 'done', 'cancelled'],
      in_progress: [null, 'on_hold', 'done', 'cancelled'],
      on_hold: ['in_progress', null, null, 'cancelled'],
      done: [null, null, null, null],
      cancelled: [null, null, null, null],
    };
    for (const status of WORK_ORDER_STATUSES) {
      expect(WORK_ORDER_ACTIONS.map((action) => nextWorkOrderStatus(status, action))).toEqual(table[status]);
    }
  });
});
