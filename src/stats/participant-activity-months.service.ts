import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ParticipantActivityChanged } from '../common/events/domain-event-map.js';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';

/**
 * `participant_activity_months`: each participant's first activity per UTC month ('YYYY-MM') and
 * path — `path_key` is the path's id for an enrolment or a validated step, '' for a check-in,
 * which belongs to no path. It holds, in a few rows a person and a month, what the statistics need
 * from every event that makes a young person "reached" (reach-queries.service.ts reads it).
 * `participant_first_at`, on each of a person's rows, is their first activity of all: whether they
 * are new in a year is read with that year's rows.
 *
 * A participant's rows are recomputed from their events whenever a write adds or removes one
 * (`participant.activity-changed`, in the writing transaction): rows follow deletions too (a
 * check-out narrowing the attendees), and erased participants keep their rows like their events.
 * On PostgreSQL the participants are locked first: the last transaction to recompute a person
 * waits for the one before and sees its events (a DELETE then INSERT racing would collide on the
 * key or keep a stale minimum). SQLite serialises the transactions already.
 */
@Injectable()
export class ParticipantActivityMonths {
  constructor(private readonly tx: TransactionRunner) {}

  @OnDomainEvent('participant.activity-changed')
  async activityChanged({ participantIds }: ParticipantActivityChanged): Promise<void> {
    await recomputeActivityMonths(this.tx.manager, [...new Set(participantIds)].sort());
  }
}

/**
 * Recomputes the rows of `participantIds` (all participants when omitted: after a bulk load
 * that wrote events directly, as the data set generator does). Runs on `manager`'s connection,
 * inside its transaction.
 */
export async function recomputeActivityMonths(manager: EntityManager, participantIds?: string[]): Promise<void> {
  if (participantIds?.length === 0) return;
  const postgres = manager.connection.options.type === 'postgres';
  const month = (column: string) => (postgres ? `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM')` : `substr(${column}, 1, 7)`);
  const only = (column: string) => (participantIds ? `AND ${column} IN (:...ids)` : '');
  const run = (sql: string) => {
    const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, { ids: participantIds ?? [] }, {});
    return manager.query(query, values);
  };
  // NO KEY UPDATE, not UPDATE: the writer's own inserts hold a KEY SHARE lock on the participant
  // (their foreign key), which UPDATE would wait for in the other writer: a deadlock.
  if (postgres && participantIds) await run('SELECT id FROM participants WHERE id IN (:...ids) ORDER BY id FOR NO KEY UPDATE');
  await run(`DELETE FROM participant_activity_months WHERE 1 = 1 ${only('participant_id')}`);
  await run(
    `INSERT INTO participant_activity_months (participant_id, month, path_key, first_at, participant_first_at)
     SELECT act.pid, ${month('act.at')}, act.path_key, MIN(act.at), MIN(MIN(act.at)) OVER (PARTITION BY act.pid) FROM (
       SELECT e.participant_id AS pid, e.enrolled_at AS at, e.path_id AS path_key FROM enrollments e WHERE 1 = 1 ${only('e.participant_id')}
       UNION ALL
       SELECT pe.participant_id, pe.occurred_at, ev.path_id
         FROM progress_events pe JOIN enrollments ev ON ev.id = pe.enrollment_id
        WHERE pe.type = 'validated' ${only('pe.participant_id')}
       UNION ALL
       SELECT a.participant_id, a.attended_at, '' FROM booking_attendances a WHERE 1 = 1 ${only('a.participant_id')}
     ) act GROUP BY act.pid, ${month('act.at')}, act.path_key`,
  );
}
