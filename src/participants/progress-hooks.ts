import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A milestone of someone's path: a step validated, or the whole path completed. */
export interface ProgressMilestone {
  type: 'step_validated' | 'path_completed';
  enrollmentId: string;
  participantId: string;
  /** For `step_validated`. */
  stepId?: string;
  at: Date;
}

export type ProgressListener = (milestone: ProgressMilestone, manager: EntityManager) => Promise<void>;

/**
 * Where later features learn of progress milestones (notifications congratulate the learner)
 * without participants depending on them. Listeners run inside the transaction that records the
 * milestone, with its manager: what they record commits or rolls back with it.
 */
@Injectable()
export class ProgressHooks {
  private readonly listeners: ProgressListener[] = [];

  register(listener: ProgressListener): void {
    this.listeners.push(listener);
  }

  async emit(milestone: ProgressMilestone, manager: EntityManager): Promise<void> {
    for (const listener of [...this.listeners]) await listener(milestone, manager);
  }
}
