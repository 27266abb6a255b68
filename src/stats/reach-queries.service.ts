import { Injectable } from '@nestjs/common';
import { instantOf } from '../database/driver-instants.js';
import { RawReader } from '../database/raw-reader.service.js';

/**
 * First activity of the range per participant and path (path_id '': a check-in, which belongs to
 * no path) — what makes a young person "reached" (DESIGN.md, yearly target): being enrolled in a
 * path, having a step validated, being checked in at a booking. Read from each participant's first
 * activity per UTC month (participant_activity_months) rather than from the events: a month's
 * first activity at or after `:from` is also its first one in the range. Only the month `:from`
 * falls in may hold earlier activity than its first one in the range: its part of the range,
 * [:from, :edgeEnd), is read from the events (an hour for a calendar year in Paris). Erased
 * participants keep their rows (their statistical profile). Parameters: `activityRange(range)`.
 */
export const FIRST_ACTIVITY_PER_PATH = `
  SELECT act.pid AS pid, act.path_id AS path_id, MIN(act.at) AS first_at FROM (
    SELECT m.participant_id AS pid, m.path_key AS path_id, m.first_at AS at
      FROM participant_activity_months m WHERE m.first_at >= :from AND m.first_at < :to
    UNION ALL
    SELECT e.participant_id, e.path_id, e.enrolled_at
      FROM enrollments e WHERE e.enrolled_at >= :from AND e.enrolled_at < :edgeEnd
    UNION ALL
    SELECT pe.participant_id, ev.path_id, pe.occurred_at
      FROM progress_events pe JOIN enrollments ev ON ev.id = pe.enrollment_id
     WHERE pe.type = 'validated' AND pe.occurred_at >= :from AND pe.occurred_at < :edgeEnd
    UNION ALL
    SELECT a.participant_id, '', a.attended_at
      FROM booking_attendances a WHERE a.attended_at >= :from AND a.attended_at < :edgeEnd
  ) act GROUP BY act.pid, act.path_id`;

/** Whether the participant `f.pid` was reached before `:from` (not new in the range): one probe of their months. */
export const ACTIVE_BEFORE = `EXISTS (
  SELECT 1 FROM participant_activity_months b WHERE b.participant_id = f.pid AND b.first_at < :from)`;

/** The parameters of FIRST_ACTIVITY_PER_PATH: the range, and the end of the UTC month `from` falls in (at most `to`). */
export function activityRange(range: { from: Date; to: Date }): { from: Date; to: Date; edgeEnd: Date } {
  const { from, to } = range;
  const nextMonth = Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1);
  return { from, to, edgeEnd: new Date(Math.min(nextMonth, to.getTime())) };
}

/**
 * The reached people of a range — `columns` of their profile (`p`: participants), their first
 * activity and whether they are new — followed by one row per path code with the number of them
 * active on it (`pid` null, the count in `is_new`): a person's rows per path stay in the database
 * instead of a few thousand rows crossing to the process. `condition` narrows `p` (a scope).
 * Parameters: `activityRange(range)` and the condition's.
 */
export function reachedPeopleAndPathCounts(columns: readonly string[], condition = ''): string {
  return `WITH pp AS MATERIALIZED (${FIRST_ACTIVITY_PER_PATH}),
     f AS MATERIALIZED (SELECT pid, MIN(first_at) AS first_at FROM pp GROUP BY pid)
     SELECT f.pid AS pid, f.first_at AS first_at, CASE WHEN ${ACTIVE_BEFORE} THEN 0 ELSE 1 END AS is_new,
            NULL AS path_code, ${columns.join(', ')}
       FROM f JOIN participants p ON p.id = f.pid
      WHERE 1 = 1 ${condition}
     UNION ALL
     SELECT NULL, NULL, COUNT(*), lp.code, ${columns.map(() => 'NULL').join(', ')}
       FROM pp JOIN learning_paths lp ON lp.id = pp.path_id JOIN participants p ON p.id = pp.pid
      WHERE 1 = 1 ${condition}
      GROUP BY lp.code`;
}

export interface ReachCell {
  audience: string;
  gender: string;
  qpv: boolean;
  partnerId: string | null;
  ageBand: string;
  monthIndex: number;
  isNew: boolean;
  count: number;
}

export interface ReachedParticipantRow {
  participantId: string;
  audience: string;
  gender: string;
  birthYear: number;
  qpv: boolean;
  partnerName: string | null;
  firstActivityAt: Date;
  isNew: boolean;
}

type Range = {
  from: Date;
  to: Date;
};

/** The reached participants of a range, counted per breakdown cell and per path. */
export interface Reach {
  cells: ReachCell[];
  /** Distinct reached participants per path code they were active in (codes without any: absent). */
  byPath: Record<string, number>;
}

const ageBand = (age: number): string => (age < 15 ? '<15' : age <= 17 ? '15-17' : age <= 25 ? '18-25' : '26+');

/** The aggregate SQL behind the yearly statistics; same text on SQLite and PostgreSQL. */
@Injectable()
export class ReachQueries {
  constructor(private readonly raw: RawReader) {}

  /**
   * The year's figures from one scan of its activity: one row per reached participant, with their
   * profile and whether they were ever active before, then the per-path counts; the breakdown
   * cells are summed here. `monthStarts` are the 13 month bounds.
   */
  async reach(range: Range, year: number, monthStarts: Date[]): Promise<Reach> {
    const rows = await this.raw.rows<Record<string, unknown>>(
      reachedPeopleAndPathCounts([
        'p.audience AS audience',
        'p.gender AS gender',
        'p.lives_in_qpv AS qpv',
        'p.referred_by_partner_id AS partner_id',
        'p.birth_year AS birth_year',
      ]),
      activityRange(range),
    );
    const bounds = monthStarts.slice(1, 12).map((at) => at.getTime());
    const cells = new Map<string, ReachCell>();
    const byPath: Record<string, number> = {};
    for (const row of rows) {
      if (row.pid === null) {
        byPath[String(row.path_code)] = Number(row.is_new);
        continue;
      }
      const firstAt = instantOf(row.first_at).getTime();
      const monthIndex = bounds.findIndex((bound) => firstAt < bound);
      const cell: ReachCell = {
        audience: String(row.audience),
        gender: String(row.gender),
        qpv: row.qpv === true || row.qpv === 1,
        partnerId: (row.partner_id as string | null) ?? null,
        ageBand: ageBand(year - Number(row.birth_year)),
        monthIndex: monthIndex < 0 ? 11 : monthIndex,
        isNew: Number(row.is_new) === 1,
        count: 1,
      };
      const key = [cell.audience, cell.gender, cell.qpv, cell.partnerId, cell.ageBand, cell.monthIndex, cell.isNew].join('|');
      const known = cells.get(key);
      if (known) known.count++;
      else cells.set(key, cell);
    }
    return { cells: [...cells.values()], byPath };
  }

  async completions(range: Range): Promise<number> {
    const [row] = await this.raw.rows<{ n: string | number }>(
      'SELECT COUNT(*) AS n FROM enrollments WHERE completed_at >= :from AND completed_at < :to',
      range,
    );
    return Number(row.n);
  }

  async partnerNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.raw.rows<{ id: string; name: string }>('SELECT id, name FROM partners WHERE id IN (:...ids)', { ids });
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** One row per reached participant, for the pseudonymous export (no name, no contact). */
  async reachedParticipants(range: Range): Promise<ReachedParticipantRow[]> {
    const rows = await this.raw.rows<Record<string, unknown>>(
      `WITH pp AS MATERIALIZED (${FIRST_ACTIVITY_PER_PATH}),
       f AS (SELECT pid, MIN(first_at) AS first_at FROM pp GROUP BY pid)
       SELECT f.pid AS pid, f.first_at AS first_at, p.audience AS audience, p.gender AS gender,
              p.birth_year AS birth_year, p.lives_in_qpv AS qpv, pa.name AS partner_name,
              CASE WHEN ${ACTIVE_BEFORE} THEN 0 ELSE 1 END AS is_new
         FROM f JOIN participants p ON p.id = f.pid
         LEFT JOIN partners pa ON pa.id = p.referred_by_partner_id
        ORDER BY f.first_at, f.pid`,
      activityRange(range),
    );
    return rows.map((row) => ({
      participantId: String(row.pid),
      audience: String(row.audience),
      gender: String(row.gender),
      birthYear: Number(row.birth_year),
      qpv: row.qpv === true || row.qpv === 1,
      partnerName: (row.partner_name as string | null) ?? null,
      firstActivityAt: instantOf(row.first_at),
      isNew: Number(row.is_new) === 1,
    }));
  }

  /** (participant, path code) pairs active in the range, and completions per participant. */
  async pathsAndCompletions(range: Range): Promise<{ paths: Array<{ pid: string; code: string }>; completed: Array<{ pid: string; code: string; outcome: string | null }> }> {
    const paths = await this.raw.rows<{ pid: string; code: string }>(
      `SELECT DISTINCT act.pid AS pid, lp.code AS code
         FROM (${FIRST_ACTIVITY_PER_PATH}) act JOIN learning_paths lp ON lp.id = act.path_id`,
      activityRange(range),
    );
    const completed = await this.raw.rows<{ pid: string; code: string; outcome: string | null }>(
      `SELECT e.participant_id AS pid, lp.code AS code, e.outcome AS outcome
         FROM enrollments e JOIN learning_paths lp ON lp.id = e.path_id
        WHERE e.completed_at >= :from AND e.completed_at < :to`,
      range,
    );
    return { paths, completed };
  }
}
