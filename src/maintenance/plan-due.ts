/** A plan is "due soon" this many days before its calendar trigger... */
export const DUE_SOON_DAYS = 7;
/** ...or once this fraction of its usage interval is left. */
export const DUE_SOON_USAGE_FRACTION = 0.1;

const DAY_MS = 86_400_000;
const EPSILON = 1e-9;

export type DueStatus = 'due' | 'due_soon' | 'ok';
const URGENCY: Record<DueStatus, number> = { due: 2, due_soon: 1, ok: 0 };

export interface PlanTriggers {
  everyDays: number | null;
  everyUsageHours: number | null;
  lastCompletedAt: Date;
  lastCompletedUsageHours: number;
}

export interface PlanAssessment {
  status: DueStatus;
  /** When the calendar trigger is reached; null without one. */
  dueAt: Date | null;
  /** Whole days since the last completion. */
  daysElapsed: number;
  usageHoursSinceCompletion: number;
  /** Negative when overdue; null without a usage trigger. */
  usageHoursLeft: number | null;
  /** The larger share of an interval consumed (1 = due): ranks plans by urgency. */
  progress: number;
  /** The triggers that make the plan due or due soon ("12.0 h used of 10 h", "31 days of 30"); all of them when ok. */
  reasons: string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const trimNumber = (n: number) => String(Math.round(n * 100) / 100);
/** One decimal, rounded down: 9.99 h of 10 reads "9.9", never a misleading "10.0". */
const tenths = (n: number) => (Math.floor(n * 10 + 1e-6) / 10).toFixed(1);

/**
 * Where a preventive plan stands at `now`. A plan is due when either trigger is reached since
 * its last completion — `everyDays` days (of 24 h) or `everyUsageHours` hours on the meter —
 * whichever comes first; due soon within 7 days of the calendar trigger or within the last
 * 10% of the usage interval. Boundaries are inclusive: exactly 30 days of 30 is due.
 */
export function assessPlan(plan: PlanTriggers, machineUsageHours: number, now: Date): PlanAssessment {
  const triggers: { status: DueStatus; reason: string; progress: number }[] = [];
  const elapsedMs = now.getTime() - plan.lastCompletedAt.getTime();
  const daysElapsed = Math.max(0, Math.floor(elapsedMs / DAY_MS));
  const used = Math.max(0, machineUsageHours - plan.lastCompletedUsageHours);
  let dueAt: Date | null = null;

  if (plan.everyDays) {
    const intervalMs = plan.everyDays * DAY_MS;
    dueAt = new Date(plan.lastCompletedAt.getTime() + intervalMs);
    const status: DueStatus =
      elapsedMs >= intervalMs ? 'due' : elapsedMs >= intervalMs - DUE_SOON_DAYS * DAY_MS ? 'due_soon' : 'ok';
    triggers.push({ status, reason: `${plural(daysElapsed, 'day')} of ${plan.everyDays}`, progress: elapsedMs / intervalMs });
  }
  if (plan.everyUsageHours) {
    const every = plan.everyUsageHours;
    const status: DueStatus =
      used >= every - EPSILON ? 'due' : used >= every * (1 - DUE_SOON_USAGE_FRACTION) - EPSILON ? 'due_soon' : 'ok';
    triggers.push({ status, reason: `${tenths(used)} h used of ${trimNumber(every)} h`, progress: used / every });
  }

  const status = triggers.reduce<DueStatus>((worst, t) => (URGENCY[t.status] > URGENCY[worst] ? t.status : worst), 'ok');
  const reasons = triggers.filter((t) => status === 'ok' || t.status !== 'ok').map((t) => t.reason);
  return {
    status,
    dueAt,
    daysElapsed,
    usageHoursSinceCompletion: Math.round(used * 10_000) / 10_000,
    usageHoursLeft: plan.everyUsageHours ? Math.round((plan.everyUsageHours - used) * 10_000) / 10_000 : null,
    progress: Math.max(0, ...triggers.map((t) => t.progress)),
    reasons,
  };
}

/** Most urgent first: due before due soon before ok, then the larger share of interval consumed. */
export function byUrgency(a: Pick<PlanAssessment, 'status' | 'progress'>, b: Pick<PlanAssessment, 'status' | 'progress'>): number {
  return URGENCY[b.status] - URGENCY[a.status] || b.progress - a.progress;
}
