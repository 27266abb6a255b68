import { Injectable } from '@nestjs/common';
import { instantOf } from '../database/driver-instants.js';
import { RawReader } from '../database/raw-reader.service.js';

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

/**
 * First activity of the range per participant and path (null: a check-in, which belongs to no
 * path). Each source is reduced while it is scanned — validations to one row per enrolment, whose
 * path is then looked up by primary key (per event, or through a join that let PostgreSQL hash
 * every enrolment ever made, cost most of the time); check-ins to one row per participant.
 */
export const FIRST_ACTIVITY_PER_PATH = `
  SELECT act.pid AS pid, act.path_id AS path_id, MIN(act.at) AS first_at FROM (
    SELECT e.participant_id AS pid, e.enrolled_at AS at, e.path_id AS path_id
      FROM enrollments e WHERE e.enrolled_at >= :from AND e.enrolled_at < :to
    UNION ALL
    SELECT v.pid, v.at, ev.path_id FROM (
      SELECT pe.participant_id AS pid, pe.enrollment_id AS enrollment_id, MIN(pe.occurred_at) AS at
        FROM progress_events pe WHERE pe.type = 'validated' AND pe.occurred_at >= :from AND pe.occurred_at < :to
       GROUP BY pe.participant_id, pe.enrollment_id) v
      JOIN enrollments ev ON ev.id = v.enrollment_id
    UNION ALL
    SELECT a.participant_id, MIN(a.attended_at), NULL
      FROM booking_attendances a WHERE a.attended_at >= :from AND a.attended_at < :to
     GROUP BY a.participant_id
  ) act GROUP BY act.pid, act.path_id`;

/** Whether the participant `f.pid` was reached before `:from` (not new in the range). */
export const ACTIVE_BEFORE = `(
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
   * The year's figures from one scan of its activity: one row per reached participant and path
   * they were active in (a few per person), with their profile and whether they were ever active
   * before; the breakdown cells and the per-path counts are summed here. `monthStarts` are the 13
   * month bounds. (Two statements — a cube and a per-path count — scanned the year twice.)
   */
  async reach(range: Range, year: number, monthStarts: Date[]): Promise<Reach> {
    const rows = await this.raw.rows<Record<string, unknown>>(
      `WITH pp AS MATERIALIZED (${FIRST_ACTIVITY_PER_PATH}),
       f AS MATERIALIZED (SELECT pid, MIN(first_at) AS first_at FROM pp GROUP BY pid),
       g AS MATERIALIZED (SELECT f.pid, f.first_at, CASE WHEN ${ACTIVE_BEFORE} THEN 0 ELSE 1 END AS is_new FROM f)
       SELECT g.pid AS pid, g.first_at AS first_at, g.is_new AS is_new, lp.code AS path_code,
              p.audience AS audience, p.gender AS gender, p.lives_in_qpv AS qpv,
              p.referred_by_partner_id AS partner_id, p.birth_year AS birth_year
         FROM g JOIN participants p ON p.id = g.pid
         JOIN pp ON pp.pid = g.pid
         LEFT JOIN learning_paths lp ON lp.id = pp.path_id`,
      range,
    );
    const bounds = monthStarts.slice(1, 12).map((at) => at.getTime());
    const cells = new Map<string, ReachCell>();
    const byPath: Record<string, number> = {};
    const seen = new Set<string>();
    for (const row of rows) {
      const code = row.path_code as string | null;
      if (code !== null) byPath[code] = (byPath[code] ?? 0) + 1;
      const pid = String(row.pid);
      if (seen.has(pid)) continue;
      seen.add(pid);
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
      firstActivityAt: instantOf(row.first_at),
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
}
