import { Injectable } from '@nestjs/common';
import { RawReader } from '../database/raw-reader.js';

/**
 * Every activity that makes a young person "reached" (DESIGN.md, yearly target): being enrolled
 * in a path, having a step validated, being checked in at a booking — as one UNION of three
 * indexed range scans. Erased participants keep their rows here (their statistical profile).
 */
const ACTIVITY_IN_RANGE = `
  SELECT e.participant_id AS pid, e.enrolled_at AS at
    FROM enrollments e WHERE e.enrolled_at >= :from AND e.enrolled_at < :to
  UNION ALL
  SELECT pe.participant_id, pe.occurred_at
    FROM progress_events pe WHERE pe.type = 'validated' AND pe.occurred_at >= :from AND pe.occurred_at < :to
  UNION ALL
  SELECT a.participant_id, a.attended_at
    FROM booking_attendances a WHERE a.attended_at >= :from AND a.attended_at < :to`;

/** The same, for activity tied to a path (enrolment, validation): check-ins belong to no path. */
const PATH_ACTIVITY_IN_RANGE = `
  SELECT e.participant_id AS pid, e.path_id AS path_id
    FROM enrollments e WHERE e.enrolled_at >= :from AND e.enrolled_at < :to
  UNION ALL
  SELECT pe.participant_id, ev.path_id
    FROM progress_events pe JOIN enrollments ev ON ev.id = pe.enrollment_id
   WHERE pe.type = 'validated' AND pe.occurred_at >= :from AND pe.occurred_at < :to`;

const ACTIVE_BEFORE = `(
     EXISTS (SELECT 1 FROM enrollments e2 WHERE e2.participant_id = f.pid AND e2.enrolled_at < :from)
  OR EXISTS (SELECT 1 FROM progress_events p2 WHERE p2.participant_id = f.pid AND p2.type = 'validated' AND p2.occurred_at < :from)
  OR EXISTS (SELECT 1 FROM booking_attendances a2 WHERE a2.participant_id = f.pid AND a2.attended_at < :from))`;

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

/** The aggregate SQL behind the yearly statistics; same text on SQLite and PostgreSQL. */
@Injectable()
export class ReachQueries {
  constructor(private readonly raw: RawReader) {}

  /**
   * Reached participants of the range, counted per combination of the breakdown dimensions
   * (a small cube: the marginals are summed in code). `monthStarts` are the 13 month bounds.
   */
  async cube(range: Range, year: number, monthStarts: Date[]): Promise<ReachCell[]> {
    const monthCase = monthStarts
      .slice(1, 12)
      .map((_, i) => `WHEN g.first_at < :m${i + 1} THEN ${i}`)
      .join(' ');
    const months = Object.fromEntries(monthStarts.slice(1, 12).map((at, i) => [`m${i + 1}`, at]));
    const rows = await this.raw.rows<Record<string, unknown>>(
      `WITH act AS (${ACTIVITY_IN_RANGE}),
       f AS MATERIALIZED (SELECT pid, MIN(at) AS first_at FROM act GROUP BY pid),
       g AS MATERIALIZED (SELECT f.pid, f.first_at, CASE WHEN ${ACTIVE_BEFORE} THEN 0 ELSE 1 END AS is_new FROM f)
       SELECT p.audience AS audience, p.gender AS gender, p.lives_in_qpv AS qpv,
              p.referred_by_partner_id AS partner_id,
              CASE WHEN :year - p.birth_year < 15 THEN '<15'
                   WHEN :year - p.birth_year <= 17 THEN '15-17'
                   WHEN :year - p.birth_year <= 25 THEN '18-25'
                   ELSE '26+' END AS age_band,
              CASE ${monthCase} ELSE 11 END AS month_index,
              g.is_new AS is_new,
              COUNT(*) AS n
         FROM g JOIN participants p ON p.id = g.pid
        GROUP BY p.audience, p.gender, p.lives_in_qpv, p.referred_by_partner_id, 5, 6, g.is_new`,
      { ...range, year, ...months },
    );
    return rows.map((row) => ({
      audience: String(row.audience),
      gender: String(row.gender),
      qpv: row.qpv === true || row.qpv === 1,
      partnerId: (row.partner_id as string | null) ?? null,
      ageBand: String(row.age_band),
      monthIndex: Number(row.month_index),
      isNew: Number(row.is_new) === 1,
      count: Number(row.n),
    }));
  }

  /** Distinct reached participants per path code they were active in during the range. */
  async byPath(range: Range): Promise<Record<string, number>> {
    const rows = await this.raw.rows<{ code: string; n: string | number }>(
      `SELECT lp.code AS code, COUNT(DISTINCT act.pid) AS n
         FROM (${PATH_ACTIVITY_IN_RANGE}) act JOIN learning_paths lp ON lp.id = act.path_id
        GROUP BY lp.code`,
      range,
    );
    return Object.fromEntries(rows.map((row) => [row.code, Number(row.n)]));
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
      `WITH act AS (${ACTIVITY_IN_RANGE}),
       f AS (SELECT pid, MIN(at) AS first_at FROM act GROUP BY pid)
       SELECT f.pid AS pid, f.first_at AS first_at, p.audience AS audience, p.gender AS gender,
              p.birth_year AS birth_year, p.lives_in_qpv AS qpv, pa.name AS partner_name,
              CASE WHEN ${ACTIVE_BEFORE} THEN 0 ELSE 1 END AS is_new
         FROM f JOIN participants p ON p.id = f.pid
         LEFT JOIN partners pa ON pa.id = p.referred_by_partner_id
        ORDER BY f.first_at, f.pid`,
      range,
    );
    return rows.map((row) => ({
      participantId: String(row.pid),
      audience: String(row.audience),
      gender: String(row.gender),
      birthYear: Number(row.birth_year),
      qpv: row.qpv === true || row.qpv === 1,
      partnerName: (row.partner_name as string | null) ?? null,
      firstActivityAt: this.toDate(row.first_at),
      isNew: Number(row.is_new) === 1,
    }));
  }

  /** (participant, path code) pairs active in the range, and completions per participant. */
  async pathsAndCompletions(range: Range): Promise<{ paths: Array<{ pid: string; code: string }>; completed: Array<{ pid: string; code: string; outcome: string | null }> }> {
    const paths = await this.raw.rows<{ pid: string; code: string }>(
      `SELECT DISTINCT act.pid AS pid, lp.code AS code
         FROM (${PATH_ACTIVITY_IN_RANGE}) act JOIN learning_paths lp ON lp.id = act.path_id`,
      range,
    );
    const completed = await this.raw.rows<{ pid: string; code: string; outcome: string | null }>(
      `SELECT e.participant_id AS pid, lp.code AS code, e.outcome AS outcome
         FROM enrollments e JOIN learning_paths lp ON lp.id = e.path_id
        WHERE e.completed_at >= :from AND e.completed_at < :to`,
      range,
    );
    return { paths, completed };
  }

  private toDate(value: unknown): Date {
    if (value instanceof Date) return value;
    // SQLite keeps UTC text "YYYY-MM-DD HH:MM:SS.SSS".
    return new Date(`${String(value).replace(' ', 'T')}Z`);
  }
}
