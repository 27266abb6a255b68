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

/**
 * FIRST_ACTIVITY_PER_PATH with each participant's first activity of all (`participant_first`), which
 * participant_activity_months carries on each of their rows. The events of the edge hour have none
 * (null): a participant active in the range only in that hour has a row for that month whose first
 * activity is before `:from` — they are not new — while any other participant of the range has a
 * row in it, with the value.
 */
const FIRST_ACTIVITY_PER_PATH_WITH_PARTICIPANT_FIRST = `
  SELECT act.pid AS pid, act.path_id AS path_id, MIN(act.at) AS first_at, MIN(act.participant_first) AS participant_first FROM (
    SELECT m.participant_id AS pid, m.path_key AS path_id, m.first_at AS at, m.participant_first_at AS participant_first
      FROM participant_activity_months m WHERE m.first_at >= :from AND m.first_at < :to
    UNION ALL
    SELECT e.participant_id, e.path_id, e.enrolled_at, NULL
      FROM enrollments e WHERE e.enrolled_at >= :from AND e.enrolled_at < :edgeEnd
    UNION ALL
    SELECT pe.participant_id, ev.path_id, pe.occurred_at, NULL
      FROM progress_events pe JOIN enrollments ev ON ev.id = pe.enrollment_id
     WHERE pe.type = 'validated' AND pe.occurred_at >= :from AND pe.occurred_at < :edgeEnd
    UNION ALL
    SELECT a.participant_id, '', a.attended_at, NULL
      FROM booking_attendances a WHERE a.attended_at >= :from AND a.attended_at < :edgeEnd
  ) act GROUP BY act.pid, act.path_id`;

/** The 11 month starts inside a year (February to December) as parameters `:m1` … `:m11`. */
const MONTH_BOUNDS = Array.from({ length: 11 }, (_, i) => `m${i + 1}`);

/**
 * The yearly target's figures in one statement (GET /stats/target reads nothing else). `pp`: each
 * reached participant's first activity of the range per path and first activity of all
 * (FIRST_ACTIVITY_PER_PATH_WITH_PARTICIPANT_FIRST); `y`: one
 * row per reached participant — the month of the year their first activity falls in (`:m1` …
 * `:m11`, the month starts in the statistics' zone), whether their first activity of all is in it, and
 * their profile. Then one row per value of each breakdown, counted in the database: a few dozen
 * rows cross to the process instead of one per person (and per path), and the enrolments
 * completed, the year's target and the paths still offered (LearningPathsService.codes(), whose
 * rule is `retired_at` null, read here for one round trip less) come with them. `dim` names the
 * breakdown; `k` its key, `i` its number, `label` the partner's name, `n` the people in it (`n2`:
 * the new ones among them, per month).
 */
const YEAR_FIGURES = `
  WITH pp AS MATERIALIZED (${FIRST_ACTIVITY_PER_PATH_WITH_PARTICIPANT_FIRST}),
  y AS MATERIALIZED (
    SELECT CASE ${MONTH_BOUNDS.map((bound, i) => `WHEN f.first_at < :${bound} THEN ${i}`).join(' ')} ELSE 11 END AS month_index,
           CASE WHEN f.participant_first >= :from THEN 1 ELSE 0 END AS is_new,
           p.audience AS audience, p.gender AS gender, CASE WHEN p.lives_in_qpv THEN 1 ELSE 0 END AS qpv,
           p.referred_by_partner_id AS partner_id, p.birth_year AS birth_year
      FROM (SELECT pid, MIN(first_at) AS first_at, MIN(participant_first) AS participant_first FROM pp GROUP BY pid) f
      JOIN participants p ON p.id = f.pid)
  SELECT 'month' AS dim, NULL AS k, NULL AS label, month_index AS i, COUNT(*) AS n, SUM(is_new) AS n2 FROM y GROUP BY month_index
  UNION ALL SELECT 'audience', audience, NULL, NULL, COUNT(*), NULL FROM y GROUP BY audience
  UNION ALL SELECT 'gender', gender, NULL, NULL, COUNT(*), NULL FROM y GROUP BY gender
  UNION ALL SELECT 'qpv', NULL, NULL, qpv, COUNT(*), NULL FROM y GROUP BY qpv
  UNION ALL SELECT 'birthYear', NULL, NULL, birth_year, COUNT(*), NULL FROM y GROUP BY birth_year
  UNION ALL SELECT 'partner', y.partner_id, pa.name, NULL, COUNT(*), NULL FROM y LEFT JOIN partners pa ON pa.id = y.partner_id GROUP BY y.partner_id, pa.name
  UNION ALL SELECT 'path', lp.code, NULL, NULL, COUNT(*), NULL FROM pp JOIN learning_paths lp ON lp.id = pp.path_id GROUP BY lp.code
  UNION ALL SELECT 'completions', NULL, NULL, NULL, COUNT(*), NULL FROM enrollments WHERE completed_at >= :from AND completed_at < :to
  UNION ALL SELECT 'target', NULL, NULL, NULL, target, NULL FROM yearly_targets WHERE year = :year
  UNION ALL SELECT 'offeredPath', code, NULL, position, 0, NULL FROM learning_paths WHERE retired_at IS NULL`;

/** The yearly figures as counted by YEAR_FIGURES, before the contract's shape (StatsService). */
export interface YearFigures {
  reached: number;
  newThisYear: number;
  /** People whose first activity of the year falls in each of its 12 months. */
  monthly: number[];
  byAudience: Map<string, number>;
  byGender: Map<string, number>;
  byQpv: { qpv: number; other: number };
  byBirthYear: Map<number, number>;
  /** In no particular order; `partnerId` null: referred by no partner. */
  byPartner: Array<{ partnerId: string | null; name: string | null; count: number }>;
  /** Distinct reached participants per path code they were active in (codes without any: absent). */
  byPath: Record<string, number>;
  /** The codes of the paths still offered, by position then code. */
  offeredPaths: string[];
  /** Enrolments completed in the year. */
  completions: number;
  /** The year's target, null when none was set. */
  target: number | null;
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

/** The aggregate SQL behind the yearly statistics; same text on SQLite and PostgreSQL. */
@Injectable()
export class ReachQueries {
  constructor(private readonly raw: RawReader) {}

  /** The figures of a calendar year (`monthStarts`: its 13 month bounds) in one statement: YEAR_FIGURES. */
  async yearFigures(range: Range, year: number, monthStarts: Date[]): Promise<YearFigures> {
    const bounds = Object.fromEntries(MONTH_BOUNDS.map((bound, i) => [bound, monthStarts[i + 1]]));
    const rows = await this.raw.rows<{ dim: string; k: string | null; label: string | null; i: unknown; n: unknown; n2: unknown }>(YEAR_FIGURES, {
      ...activityRange(range),
      ...bounds,
      year,
    });
    const figures: YearFigures = {
      reached: 0,
      newThisYear: 0,
      monthly: Array.from({ length: 12 }, () => 0),
      byAudience: new Map(),
      byGender: new Map(),
      byQpv: { qpv: 0, other: 0 },
      byBirthYear: new Map(),
      byPartner: [],
      byPath: {},
      offeredPaths: [],
      completions: 0,
      target: null,
    };
    const offered: Array<{ code: string; position: number }> = [];
    for (const row of rows) {
      const n = Number(row.n);
      switch (row.dim) {
        case 'month':
          figures.monthly[Number(row.i)] = n;
          figures.reached += n;
          figures.newThisYear += Number(row.n2);
          break;
        case 'audience':
          figures.byAudience.set(String(row.k), n);
          break;
        case 'gender':
          figures.byGender.set(String(row.k), n);
          break;
        case 'qpv':
          figures.byQpv[Number(row.i) === 1 ? 'qpv' : 'other'] = n;
          break;
        case 'birthYear':
          figures.byBirthYear.set(Number(row.i), n);
          break;
        case 'partner':
          figures.byPartner.push({ partnerId: row.k, name: row.label, count: n });
          break;
        case 'path':
          figures.byPath[String(row.k)] = n;
          break;
        case 'completions':
          figures.completions = n;
          break;
        case 'target':
          figures.target = n;
          break;
        case 'offeredPath':
          offered.push({ code: String(row.k), position: Number(row.i) });
          break;
      }
    }
    figures.offeredPaths = offered
      .sort((a, b) => a.position - b.position || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .map((path) => path.code);
    return figures;
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
