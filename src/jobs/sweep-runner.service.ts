import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import { JOBS, SWEEP_JOBS, type SweepJobName } from '../common/queues/queues.constants.js';
import { Clock } from '../common/time/clock.service.js';
import { OutboxDispatcher } from '../notifications/outbox-dispatcher.service.js';
import { InactivitySweep } from '../reminders/inactivity.sweep.js';
import { MaintenanceDueSweep } from '../reminders/maintenance-due.sweep.js';
import { QualificationExpirySweep } from '../reminders/qualification-expiry.sweep.js';
import { RetentionSweep } from '../reminders/retention.sweep.js';
import { TargetDigestSweep } from '../reminders/target-digest.sweep.js';

/** What a sweep did: counts only (no personal data), e.g. `{ plansDue: 2, workOrdersCreated: 1 }`. */
export type SweepOutcome = Record<string, number | string | boolean | null>;

export interface SweepRun {
  job: SweepJobName;
  startedAt: string;
  finishedAt: string;
  outcome: SweepOutcome;
}

export const isSweepJob = (name: string): name is SweepJobName => (SWEEP_JOBS as readonly string[]).includes(name);

/**
 * Runs a sweep by its job name, now or at a given instant: the scheduled jobs (SweepsProcessor)
 * and POST /admin/jobs/:name/run both come here. Every sweep is idempotent: running it twice
 * creates nothing twice.
 */
@Injectable()
export class SweepRunner {
  private readonly logger = new Logger(SweepRunner.name);
  private readonly sweeps: Record<SweepJobName, (now: Date) => Promise<object>>;

  constructor(
    maintenanceDue: MaintenanceDueSweep,
    inactivity: InactivitySweep,
    qualificationExpiry: QualificationExpirySweep,
    targetDigest: TargetDigestSweep,
    retention: RetentionSweep,
    dispatcher: OutboxDispatcher,
    private readonly clock: Clock,
  ) {
    this.sweeps = {
      [JOBS.maintenanceDue]: (now) => maintenanceDue.run(now),
      [JOBS.inactivity]: (now) => inactivity.run(now),
      [JOBS.qualificationExpiry]: (now) => qualificationExpiry.run(now),
      [JOBS.targetDigest]: (now) => targetDigest.run(now),
      [JOBS.retention]: (now) => retention.run(now),
      // Not `now`: the delays handed to Redis count in real time (see OutboxDispatcher.enqueue).
      [JOBS.reminderReconcile]: () => dispatcher.reconcile(),
    };
  }

  async run(name: string, now = this.clock.now()): Promise<SweepRun> {
    if (!isSweepJob(name)) throw DomainError.notFound('Job');
    // Real time: how long the sweep took, whatever instant it ran "at".
    const startedAt = new Date();
    const outcome = (await this.sweeps[name](now)) as SweepOutcome;
    const finishedAt = new Date();
    this.logger.log({ job: name, ms: finishedAt.getTime() - startedAt.getTime(), ...outcome }, 'sweep done');
    return { job: name, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), outcome };
  }
}
