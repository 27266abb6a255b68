import { instantOf } from '../../src/database/driver-instants.js';
import { rows } from './db.js';
import type { TestApp } from './test-app.js';

/** A row of participant_activity_months, as the tests compare it. */
export type MonthRow = { participantId: string; month: string; pathKey: string; firstAt: string; participantFirstAt: string };

/** Rows in one order (participant, month, path), whatever order they were read or worked out in. */
export const sortedMonthRows = (list: MonthRow[]): MonthRow[] =>
  [...list].sort((a, b) => `${a.participantId}${a.month}${a.pathKey}`.localeCompare(`${b.participantId}${b.month}${b.pathKey}`));

/** Rows worked out from the events, each with its participant's first activity of all (the earliest `firstAt` of their rows). */
export function withParticipantFirst(list: Array<Omit<MonthRow, 'participantFirstAt'>>): MonthRow[] {
  const first = new Map<string, string>();
  for (const row of list) {
    const known = first.get(row.participantId);
    if (!known || row.firstAt < known) first.set(row.participantId, row.firstAt);
  }
  return sortedMonthRows(list.map((row) => ({ ...row, participantFirstAt: first.get(row.participantId)! })));
}

/** The table as it is. */
export async function activityMonthsTable(t: TestApp): Promise<MonthRow[]> {
  const found = await rows<Record<string, unknown>>(t, 'SELECT participant_id, month, path_key, first_at, participant_first_at FROM participant_activity_months');
  return sortedMonthRows(
    found.map((r) => ({
      participantId: String(r.participant_id),
      month: String(r.month),
      pathKey: String(r.path_key),
      firstAt: instantOf(r.first_at).toISOString(),
      participantFirstAt: instantOf(r.participant_first_at).toISOString(),
    })),
  );
}
