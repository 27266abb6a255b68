import type { DefaultJobOptions } from 'bullmq';

/**
 * Every queue, job and scheduler name, in one place. Payloads carry ids only, never personal
 * data. Job ids are deterministic and never contain ":" (BullMQ 6).
 */
export const QUEUES = {
  housekeeping: 'housekeeping',
  /** One job per outbox entry: delivers a notification (in-app + e-mail) when it is due. */
  notifications: 'notifications',
  /** The recurring sweeps (and the reconcile), each run by a job scheduler. */
  sweeps: 'sweeps',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);

export const JOBS = {
  purgeRefreshTokens: 'purge-refresh-tokens',
  /** data: { outboxId } */
  deliverNotification: 'deliver',
  maintenanceDue: 'maintenance-due',
  inactivity: 'inactivity',
  qualificationExpiry: 'qualification-expiry',
  targetDigest: 'target-digest',
  retention: 'retention',
  reminderReconcile: 'reminder-reconcile',
} as const;

/** The sweeps an admin may run now (POST /admin/jobs/:name/run), by job name. */
export const SWEEP_JOBS = [
  JOBS.maintenanceDue,
  JOBS.inactivity,
  JOBS.qualificationExpiry,
  JOBS.targetDigest,
  JOBS.retention,
  JOBS.reminderReconcile,
] as const;
export type SweepJobName = (typeof SWEEP_JOBS)[number];

export const SCHEDULERS = {
  purgeRefreshTokens: 'daily-purge-refresh-tokens',
  maintenanceDue: 'daily-maintenance-due',
  inactivity: 'daily-inactivity',
  qualificationExpiry: 'daily-qualification-expiry',
  retention: 'daily-retention',
  targetDigest: 'weekly-target-digest',
  reminderReconcile: 'every-5-minutes-reminder-reconcile',
} as const;

/**
 * When each sweep runs, in APP_TIMEZONE (cron patterns), or every n ms. The reconcile also runs
 * whenever a worker (re)connects to Redis.
 */
export const SWEEP_SCHEDULES: Record<SweepJobName, { scheduler: string; pattern?: string; every?: number }> = {
  [JOBS.retention]: { scheduler: SCHEDULERS.retention, pattern: '15 4 * * *' },
  [JOBS.maintenanceDue]: { scheduler: SCHEDULERS.maintenanceDue, pattern: '0 6 * * *' },
  [JOBS.qualificationExpiry]: { scheduler: SCHEDULERS.qualificationExpiry, pattern: '15 6 * * *' },
  [JOBS.inactivity]: { scheduler: SCHEDULERS.inactivity, pattern: '30 6 * * *' },
  [JOBS.targetDigest]: { scheduler: SCHEDULERS.targetDigest, pattern: '0 8 * * 1' },
  [JOBS.reminderReconcile]: { scheduler: SCHEDULERS.reminderReconcile, every: 5 * 60_000 },
};

/** Deterministic job id of a booking reminder: one per booking and lead time. */
export const bookingReminderJobId = (bookingId: string, leadMinutes: number): string =>
  `booking-${bookingId}-lead-${leadMinutes}`;

/** Deterministic job id of any other outbox entry. */
export const outboxJobId = (outboxId: string): string => `outbox-${outboxId}`;

export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { count: 1_000, age: 7 * 86_400 },
  removeOnFail: { count: 5_000, age: 30 * 86_400 },
};

/** Sweeps: a failed run is retried a few times, then the next scheduled run tries again. */
export const SWEEP_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { count: 200, age: 30 * 86_400 },
  removeOnFail: { count: 500, age: 30 * 86_400 },
};
