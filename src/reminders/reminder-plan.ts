export interface ReminderPlan {
  /** The leads to send, each when due (now for the one already past). */
  send: { leadMinutes: number; dueAt: Date }[];
  /** Leads already past that a shorter one, due at once too, makes pointless. */
  superseded: number[];
}

/**
 * Which booking reminders to send, and when: one per lead time before the start. A lead time
 * already past (a booking made or moved at short notice) fires at once — but when several are
 * past, only the shortest does: two identical reminders at the same moment help nobody. A
 * booking already started gets none.
 */
export function planReminders(startsAt: Date, leadMinutes: readonly number[], now: Date): ReminderPlan {
  if (startsAt.getTime() <= now.getTime()) return { send: [], superseded: [...leadMinutes] };
  const leads = [...new Set(leadMinutes)].sort((a, b) => a - b);
  const send: ReminderPlan['send'] = [];
  const past: number[] = [];
  for (const lead of leads) {
    const dueAt = new Date(startsAt.getTime() - lead * 60_000);
    if (dueAt.getTime() > now.getTime()) send.push({ leadMinutes: lead, dueAt });
    else past.push(lead);
  }
  if (past.length > 0) send.unshift({ leadMinutes: past[0], dueAt: now });
  return { send, superseded: past.slice(1) };
}
