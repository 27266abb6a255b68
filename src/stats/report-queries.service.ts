import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { instantOf } from '../database/driver-instants.js';
import { RawReader } from '../database/raw-reader.service.js';
// The contract's definition of "reached" is written once, in reach-queries.service.ts.
import { ACTIVE_BEFORE, activityRange, FIRST_ACTIVITY_PER_PATH, reachedPeopleAndPathCounts } from './reach-queries.service.js';

/**
 * Whose young people a report counts: everyone's (`null`), or those a partner referred (a
 * trainer's report). A trainer without a partner sees nobody: `{ partnerId: null }`.
 */
export type ReportScope = { partnerId: string | null } | null;

type Range = { from: Date; to: Date };

/** A young person reached in the period, with their statistical profile (what erasure keeps, plus the postcode). */
export interface ReachedPerson {
  participantId: string;
  audience: string;
  gender: string;
  birthYear: number;
  qpv: boolean;
  /** Null when not given, or wiped by erasure. */
  postcode: string | null;
  partnerId: string | null;
  firstActivityAt: Date;
  isNew: boolean;
}

export interface ActivityCounts {
  enrolmentsStarted: number;
  enrolmentsCompleted: number;
  stepsValidated: number;
  qualificationsGranted: number;
}

export interface EndedPath {
  participantId: string;
  pathCode: string;
  /** `completed` or `withdrawn`. */
  status: string;
  outcome: string | null;
}

/**
 * The SQL behind the period report (GET /stats/report): same text on SQLite and PostgreSQL except
 * a booking's length and how attendance is found, every query an indexed range scan of one
 * period, narrowed to a partner's young people when the scope says so. Erased participants keep
 * their rows here.
 */
@Injectable()
export class ReportQueries {
  constructor(
    private readonly raw: RawReader,
    private readonly config: AppConfig,
  ) {}

  /**
   * The young people reached in the period, with their statistical profile and whether they were
   * active before it, and how many of them were active on each path (by code).
   */
  async reach(range: Range, scope: ReportScope): Promise<{ reached: ReachedPerson[]; pathCounts: Map<string, number> }> {
    const rows = await this.raw.rows(
      reachedPeopleAndPathCounts(PROFILE_COLUMNS, scoped('p', scope)),
      { ...activityRange(range), ...scopeParams(scope) },
    );
    const reached: ReachedPerson[] = [];
    const pathCounts = new Map<string, number>();
    for (const row of rows) {
      if (row.pid === null) pathCounts.set(String(row.path_code), Number(row.is_new));
      else reached.push(reachedPerson(row));
    }
    return { reached, pathCounts };
  }

  /**
   * The same people, ordered by first activity, and the paths each was active on (the per-person
   * sheet): one row per person and path.
   */
  async reachWithPaths(range: Range, scope: ReportScope): Promise<{ reached: ReachedPerson[]; followed: Array<{ participantId: string; pathCode: string }> }> {
    const rows = await this.raw.rows(
      `WITH pp AS MATERIALIZED (${FIRST_ACTIVITY_PER_PATH}),
       f AS MATERIALIZED (SELECT pid, MIN(first_at) AS first_at FROM pp GROUP BY pid),
       g AS MATERIALIZED (SELECT f.pid, f.first_at, CASE WHEN ${ACTIVE_BEFORE} THEN 0 ELSE 1 END AS is_new FROM f)
       SELECT g.pid AS pid, g.first_at AS first_at, g.is_new AS is_new, lp.code AS path_code,
              ${PROFILE_COLUMNS.join(', ')}
         FROM g JOIN participants p ON p.id = g.pid
         JOIN pp ON pp.pid = g.pid
         LEFT JOIN learning_paths lp ON lp.id = pp.path_id
        WHERE 1 = 1 ${scoped('p', scope)}
        ORDER BY g.first_at, g.pid`,
      { ...activityRange(range), ...scopeParams(scope) },
    );
    const reached: ReachedPerson[] = [];
    const followed: Array<{ participantId: string; pathCode: string }> = [];
    let previous: string | null = null;
    for (const row of rows) {
      const participantId = String(row.pid);
      if (row.path_code !== null && row.path_code !== undefined) followed.push({ participantId, pathCode: String(row.path_code) });
      // Rows come grouped by person (ordered by first activity, then id).
      if (participantId === previous) continue;
      previous = participantId;
      reached.push(reachedPerson(row));
    }
    return { reached, followed };
  }

  async activityCounts(range: Range, scope: ReportScope): Promise<ActivityCounts> {
    const params = { ...range, ...scopeParams(scope) };
    const [row] = await this.raw.rows(
      `SELECT
         (SELECT COUNT(*) FROM enrollments e ${joinScope('e.participant_id', scope)}
           WHERE e.enrolled_at >= :from AND e.enrolled_at < :to) AS started,
         (SELECT COUNT(*) FROM enrollments e ${joinScope('e.participant_id', scope)}
           WHERE e.completed_at >= :from AND e.completed_at < :to) AS completed,
         (SELECT COUNT(*) FROM progress_events pe ${joinScope('pe.participant_id', scope)}
           WHERE pe.type = 'validated' AND pe.occurred_at >= :from AND pe.occurred_at < :to) AS validated,
         (SELECT COUNT(*) FROM qualifications q ${joinScope('q.participant_id', scope)}
           WHERE q.granted_at >= :from AND q.granted_at < :to) AS granted`,
      params,
    );
    return {
      enrolmentsStarted: Number(row.started),
      enrolmentsCompleted: Number(row.completed),
      stepsValidated: Number(row.validated),
      qualificationsGranted: Number(row.granted),
    };
  }

  /**
   * The bookings that started in the period and took place or were missed (`completed`,
   * `no_show`; cancelled and still-coming ones left out): their planned places, and for each
   * young person checked in, how many times and for how many minutes (the booked slot's length).
   * Attendees are always among the planned ones (check-out takes "some of the booking's
   * participantIds"), so the checked-in places are the sum of the times.
   *
   * On PostgreSQL the planned places and attendances are also found by the booking's start they
   * carry (`booking_starts_at`, indexed with the booking): the period's rows only, hashed
   * against the period's bookings, where the join read the whole of both tables for each period
   * (140 -> 60 ms of database time for a yearly report and the year before it, ten-year set).
   * Planned for their parameters each time: a generic plan takes the two ranges for a few rows
   * and sorts the attendees instead of hashing them (twice the time). SQLite looks each booking's
   * rows up by its key, in the key's index alone: a condition on the carried start would read
   * the rows themselves.
   */
  async attendance(range: Range, scope: ReportScope): Promise<{ planned: number; attendees: Map<string, { times: number; minutes: number }> }> {
    const postgres = this.config.database.type === 'postgres';
    const minutes = postgres ? 'EXTRACT(EPOCH FROM (b.ends_at - b.starts_at)) / 60' : '(julianday(b.ends_at) - julianday(b.starts_at)) * 1440';
    const carriedStart = (alias: string) => (postgres ? ` AND ${alias}.booking_starts_at >= :from AND ${alias}.booking_starts_at < :to` : '');
    const params = { ...range, ...scopeParams(scope) };
    const [[planned], rows] = await Promise.all([
      this.raw.rows(
        `SELECT COUNT(*) AS n FROM bookings b
           JOIN booking_participants bp ON bp.booking_id = b.id ${joinScope('bp.participant_id', scope)}
          WHERE b.starts_at >= :from AND b.starts_at < :to AND b.status IN ('completed', 'no_show')${carriedStart('bp')}`,
        params,
        { planEachTime: true },
      ),
      this.raw.rows<{ pid: string; times: string | number; minutes: string | number }>(
        `SELECT a.participant_id AS pid, COUNT(*) AS times, SUM(${minutes}) AS minutes
           FROM bookings b
           JOIN booking_attendances a ON a.booking_id = b.id ${joinScope('a.participant_id', scope)}
          WHERE b.starts_at >= :from AND b.starts_at < :to AND b.status IN ('completed', 'no_show')${carriedStart('a')}
          GROUP BY a.participant_id`,
        params,
        { planEachTime: true },
      ),
    ]);
    return {
      planned: Number(planned.n),
      // julianday() is a floating-point day: its minutes are whole once rounded (slots are on a 15-minute grid).
      attendees: new Map(rows.map((row) => [row.pid, { times: Number(row.times), minutes: Math.round(Number(row.minutes)) }])),
    };
  }

  /** Outcomes recorded in the period, by kind. */
  async outcomesRecorded(range: Range, scope: ReportScope): Promise<Map<string, number>> {
    const rows = await this.raw.rows<{ outcome: string; n: string | number }>(
      `SELECT e.outcome AS outcome, COUNT(*) AS n
         FROM enrollments e ${joinScope('e.participant_id', scope)}
        WHERE e.outcome_recorded_at >= :from AND e.outcome_recorded_at < :to AND e.outcome IS NOT NULL
        GROUP BY e.outcome`,
      { ...range, ...scopeParams(scope) },
    );
    return new Map(rows.map((row) => [row.outcome, Number(row.n)]));
  }

  /**
   * Paths that ended in the period, as they stand now: completed in it, or withdrawn in it (the
   * latest withdrawal event, the enrolment still withdrawn), with the outcome recorded since, if any.
   */
  async endedPaths(range: Range, scope: ReportScope): Promise<EndedPath[]> {
    const rows = await this.raw.rows<{ pid: string; code: string; status: string; outcome: string | null }>(
      `SELECT e.participant_id AS pid, lp.code AS code, e.status AS status, e.outcome AS outcome
         FROM enrollments e
         JOIN learning_paths lp ON lp.id = e.path_id
         ${joinScope('e.participant_id', scope)}
        WHERE ${ENDED_IN_RANGE}`,
      { ...range, ...scopeParams(scope) },
    );
    return rows.map((row) => ({ participantId: row.pid, pathCode: row.code, status: row.status, outcome: row.outcome ?? null }));
  }

  /**
   * How many paths `endedPaths` finds, and how many of them have no outcome recorded: what the
   * report shows of them, counted where they are instead of 2,000 rows a year read to be counted.
   * A path always exists (enrollments.path_id is a required foreign key), so no join to it.
   */
  async endedPathCounts(range: Range, scope: ReportScope): Promise<{ ended: number; outcomeMissing: number }> {
    const [row] = await this.raw.rows<{ ended: string | number; missing: string | number | null }>(
      `SELECT COUNT(*) AS ended, SUM(CASE WHEN e.outcome IS NULL THEN 1 ELSE 0 END) AS missing
         FROM enrollments e
         ${joinScope('e.participant_id', scope)}
        WHERE ${ENDED_IN_RANGE}`,
      { ...range, ...scopeParams(scope) },
    );
    return { ended: Number(row.ended), outcomeMissing: Number(row.missing ?? 0) };
  }

  async partnerNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.raw.rows<{ id: string; name: string }>('SELECT id, name FROM partners WHERE id IN (:...ids)', { ids });
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}

/**
 * The enrolment `e` ended in [:from, :to) and still ended: completed in it, or withdrawn in it (a
 * withdrawal event in the range, the enrolment still withdrawn).
 */
const ENDED_IN_RANGE = `((e.completed_at >= :from AND e.completed_at < :to)
     OR e.id IN (SELECT w.enrollment_id FROM progress_events w
                  WHERE w.type = 'withdrawn' AND w.occurred_at >= :from AND w.occurred_at < :to))
    AND e.status IN ('completed', 'withdrawn')`;

/** The statistical profile of a reached person (participants `p`). */
const PROFILE_COLUMNS = [
  'p.audience AS audience',
  'p.gender AS gender',
  'p.birth_year AS birth_year',
  'p.lives_in_qpv AS qpv',
  'p.postcode AS postcode',
  'p.referred_by_partner_id AS partner_id',
];

function reachedPerson(row: Record<string, unknown>): ReachedPerson {
  return {
    participantId: String(row.pid),
    audience: String(row.audience),
    gender: String(row.gender),
    birthYear: Number(row.birth_year),
    qpv: row.qpv === true || row.qpv === 1,
    postcode: (row.postcode as string | null) ?? null,
    partnerId: (row.partner_id as string | null) ?? null,
    firstActivityAt: instantOf(row.first_at),
    isNew: Number(row.is_new) === 1,
  };
}

/**
 * Narrows rows whose participant is `participantId` to the scope: nothing for everyone's report
 * (no join at all: it costs a lookup per row), a join on the referring partner otherwise.
 */
function joinScope(participantId: string, scope: ReportScope): string {
  if (scope === null) return '';
  const partner = scope.partnerId === null ? '1 = 0' : 'sp.referred_by_partner_id = :scopePartnerId';
  return `JOIN participants sp ON sp.id = ${participantId} AND ${partner}`;
}

/** The condition narrowing `alias` (participants) to the scope. */
function scoped(alias: string, scope: ReportScope): string {
  if (scope === null) return '';
  return scope.partnerId === null ? 'AND 1 = 0' : `AND ${alias}.referred_by_partner_id = :scopePartnerId`;
}

const scopeParams = (scope: ReportScope) => (scope?.partnerId ? { scopePartnerId: scope.partnerId } : {});
