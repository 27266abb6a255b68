import { instantOf } from '../../src/database/driver-instants.js';
import { rows } from './db.js';
import type { TestApp } from './test-app.js';

/** A row of participant_activity_months, as the tests compare it. */
export type MonthRow = { participantId: string; month: string; pathKey: string; firstAt: string };

/** Rows in one order (participant, month, path), whatever order they were read or worked out in. */
export const sortedMonthRows = (list: MonthRow[]): MonthRow[] =>
  [...list].sort((a, b) => `${a.participantId}${a.month}${a.pathKey}`.localeCompare(`${b.participantId}${b.month}${b.pathKey}`));

/** The table as it is. */
export async function activityMonthsTable(t: TestApp): Promise<MonthRow[]> {
  const found = await rows<Record<string, unknown>>(t, 'SELECT participant_id, month, path_key, first_at FROM participant_activity_months');
  return sortedMonthRows(
    found.map((r) => ({
      participantId: String(r.participant_id),
      month: String(r.month),
      pathKey: String(r.path_key),
      firstAt: instantOf(r.first_at).toISOString(),
    })),
  );
}
