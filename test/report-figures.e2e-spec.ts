import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Clock } from '../src/common/time/clock.service.js';
import { MachineStatusChange } from '../src/machines/machine-status-change.entity.js';
import { makeMachine, type MachineBody } from './factories/machines.js';
import { makeParticipant } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { createTestApp, sqliteFileDatabase, type TestApp } from './helpers/test-app.js';

/**
 * The machine and attendance figures of the period report, computed by hand on a small fablab
 * (Europe/Paris, UTC+1 in early March; default opening hours Tuesday–Saturday 09:00–12:30 and
 * 13:30–18:00, 8 h a day), "now" frozen at 1 October 2026. All times below are local.
 *
 * Period ?from=2026-03-07&to=2026-03-14: Sat 7, Tue 10, Wed 11, Thu 12, Fri 13 open = 40 h.
 * The year before, 2025-03-07 → 2025-03-14: Fri 7, Sat 8, Tue 11, Wed 12, Thu 13 = 40 h.
 *
 * LASER, in service since 1 January 2025:
 * - 2025: out of order Wed 12 March 10:00 → Thu 13 11:00 (7 h + 2 h = 9 h, in the period).
 *   Open 40, down 9, availability 77.5 %, 1 failure, MTBF 31, MTTR 9.
 *   Booked Tue 11 March 14:00–17:00 (completed, X present): 3 h, utilisation 3/31 = 9.7 %; meter +3 h.
 * - 2026: out of order Fri 6 March 16:00 → Tue 10 11:00 (began before the period: not a failure of
 *   it, but its whole repair counts for MTTR: Fri 2 h + Sat 8 h + Tue 2 h = 12 h); maintenance Thu 12
 *   14:00–15:00; out of order Fri 13 17:00 → Fri 20 March 10:00 (a failure; its repair ends after).
 *   Down: Sat 8 + Tue 2 + Thu 1 + Fri 1 = 12 h; availability 28/40 = 70 %; 1 failure, MTBF 28, MTTR 12.
 *   Bookings: B1 Tue 10:00–12:00 completed, X and Y planned, X present (up from 11:00: 1 h);
 *   B2 Wed 14:00–16:00 completed, X and Z present (2 h); B3 Thu 14:00–15:30 no-show, Y planned
 *   (not booked time); B4 Fri 09:00–10:00 cancelled, Z planned (nothing); B5 Fri 16:00–18:00
 *   completed, X present (up until 17:00: 1 h); B0 Fri 6 March 14:00–16:00 completed, before the
 *   period (nothing). Booked 4 h, utilisation 4/28 = 14.3 %; meter +2 h at each check-out in the
 *   period (B1, B2, B5): 6 h.
 * CNC, in service Tue 10 March 2026 12:00 → retired Fri 13 March 12:00: open Tue 0.5 + 4.5, Wed 8,
 *   Thu 8, Fri 3 = 24 h, never down (100 %). B7 Wed 09:00–11:00, Y planned, never checked in
 *   (still confirmed: booked time, not a planned place): 2 h, utilisation 8.3 %. Nothing in 2025.
 * All machines: open 64, down 12, availability 52/64 = 81.3 %, booked 6 h, utilisation 6/52 = 11.5 %.
 *
 * Attendance (bookings that started in the period, completed or no-show): planned places B1 2 +
 * B2 2 + B3 1 + B5 1 = 6; checked in X ×3 (6 h), Z ×1 (2 h) = 4; no-shows 2; 66.7 %.
 * In 2025: B8 alone, 1 place, X present 3 h.
 */
describe('stats: the period report’s machine and attendance figures', () => {
  let t: TestApp;
  let facilitator: Session;
  let clock: Clock;
  const local = (text: string) => new Date(`${text}+01:00`);

  const book = async (
    machine: MachineBody,
    start: string,
    end: string,
    planned: string[],
    then: { attended?: string[] } | 'no-show' | 'cancel' | 'leave',
  ) => {
    const startsAt = local(start);
    const endsAt = local(end);
    try {
      clock.freezeAt(new Date(startsAt.getTime() - 86_400_000));
      const created = await t.http().post('/api/bookings').set(facilitator.auth).send({
        machineId: machine.id,
        kind: 'training',
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        participantIds: planned,
      });
      if (created.status !== 201) throw new Error(`booking: ${created.status} ${JSON.stringify(created.body)}`);
      const id = created.body.id as string;
      if (then === 'cancel') {
        await t.http().post(`/api/bookings/${id}/cancel`).set(facilitator.auth).send({ reason: 'Annulé' }).expect(200);
      } else if (then === 'no-show') {
        clock.freezeAt(new Date(startsAt.getTime() + 30 * 60_000));
        await t.http().post(`/api/bookings/${id}/no-show`).set(facilitator.auth).send({}).expect(200);
      } else if (then !== 'leave') {
        clock.freezeAt(startsAt);
        await t.http().post(`/api/bookings/${id}/check-in`).set(facilitator.auth).send({}).expect(200);
        clock.freezeAt(endsAt);
        await t.http().post(`/api/bookings/${id}/check-out`).set(facilitator.auth).send({ attendeeIds: then.attended }).expect(200);
      }
    } finally {
      clock.freezeAt(null);
    }
  };

  const history = async (machine: MachineBody, points: Array<[string, string]>) => {
    const changes = t.dataSource.getRepository(MachineStatusChange);
    await changes.delete({ machineId: machine.id });
    let previous: string | null = null;
    for (const [at, status] of points) {
      await changes.insert(
        changes.create({
          machineId: machine.id,
          fromStatus: previous as never,
          toStatus: status as never,
          reason: 'test',
          source: previous ? 'manual' : 'created',
          sourceId: null,
          changedBy: null,
          changedAt: local(at),
        }),
      );
      previous = status;
    }
  };

  let laser: MachineBody;
  let cnc: MachineBody;

  // A file, as in production: the report reads it through its own read connections.
  const file = sqliteFileDatabase();
  beforeAll(async () => {
    t = await createTestApp(file.env);
    const admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    clock = t.app.get(Clock);
    const make = (overrides: Record<string, unknown>) => makeParticipant(t, facilitator, overrides);
    const x = (await make({ audience: 'insertion', gender: 'female', birthYear: 2004 })).id;
    const y = (await make({ audience: 'insertion', gender: 'male', birthYear: 2005 })).id;
    const z = (await make({ audience: 'pupil', gender: 'female', birthYear: 2010 })).id;
    laser = await makeMachine(t, facilitator, { code: 'A-LASER', name: 'Découpe laser', category: 'laser_cutter', requiresQualification: false });
    cnc = await makeMachine(t, facilitator, { code: 'B-CNC', name: 'Fraiseuse', category: 'cnc_router', requiresQualification: false });

    await book(laser, '2025-03-11T14:00', '2025-03-11T17:00', [x], { attended: [x] });
    await book(laser, '2026-03-06T14:00', '2026-03-06T16:00', [x], { attended: [x] });
    await book(laser, '2026-03-10T10:00', '2026-03-10T12:00', [x, y], { attended: [x] });
    await book(laser, '2026-03-11T14:00', '2026-03-11T16:00', [x, z], { attended: [x, z] });
    await book(laser, '2026-03-12T14:00', '2026-03-12T15:30', [y], 'no-show');
    await book(laser, '2026-03-13T09:00', '2026-03-13T10:00', [z], 'cancel');
    await book(laser, '2026-03-13T16:00', '2026-03-13T18:00', [x], { attended: [x] });
    await book(cnc, '2026-03-11T09:00', '2026-03-11T11:00', [y], 'leave');

    // Written after the bookings: the API takes a booking on a machine that is available now.
    await history(laser, [
      ['2025-01-01T10:00', 'available'],
      ['2025-03-12T10:00', 'out_of_order'],
      ['2025-03-13T11:00', 'available'],
      ['2026-03-06T16:00', 'out_of_order'],
      ['2026-03-10T11:00', 'available'],
      ['2026-03-12T14:00', 'maintenance'],
      ['2026-03-12T15:00', 'available'],
      ['2026-03-13T17:00', 'out_of_order'],
      ['2026-03-20T10:00', 'available'],
    ]);
    await history(cnc, [
      ['2026-03-10T12:00', 'available'],
      ['2026-03-13T12:00', 'retired'],
    ]);
    clock.freezeAt(new Date('2026-10-01T10:00:00Z'));
  });

  afterAll(async () => {
    clock.freezeAt(null);
    await t.close();
    file.remove();
  });

  const line = (machine: MachineBody, from: string, to: string, figures: Record<string, number | null>) => ({
    machineId: machine.id,
    code: machine.code,
    name: machine.name,
    category: machine.category,
    from,
    to,
    ...figures,
  });

  it('machines: availability, failures, MTTR, utilisation per machine and overall, the year before beside them', async () => {
    const res = await t.http().get('/api/stats/report?from=2026-03-07&to=2026-03-14').set(facilitator.auth);
    expect(res.status).toBe(200);
    const [from, to] = ['2026-03-06T23:00:00.000Z', '2026-03-13T23:00:00.000Z'];
    expect(res.body.machines).toEqual({
      overall: { openHours: 64, downtimeHours: 12, availabilityPct: 81.3, failures: 1, mttrHours: 12, bookedHours: 6, utilisationPct: 11.5 },
      items: [
        line(laser, from, to, {
          openHours: 40, downtimeHours: 12, availabilityPct: 70, failures: 1, mtbfHours: 28, mttrHours: 12,
          bookedHours: 4, utilisationPct: 14.3, usageHours: 6,
        }),
        line(cnc, from, to, {
          openHours: 24, downtimeHours: 0, availabilityPct: 100, failures: 0, mtbfHours: null, mttrHours: null,
          bookedHours: 2, utilisationPct: 8.3, usageHours: 0,
        }),
      ],
    });
    const [before, beforeEnd] = ['2025-03-06T23:00:00.000Z', '2025-03-13T23:00:00.000Z'];
    expect(res.body.previous.machines).toEqual({
      overall: { openHours: 40, downtimeHours: 9, availabilityPct: 77.5, failures: 1, mttrHours: 9, bookedHours: 3, utilisationPct: 9.7 },
      items: [
        line(laser, before, beforeEnd, {
          openHours: 40, downtimeHours: 9, availabilityPct: 77.5, failures: 1, mtbfHours: 31, mttrHours: 9,
          bookedHours: 3, utilisationPct: 9.7, usageHours: 3,
        }),
        line(cnc, before, beforeEnd, {
          openHours: 0, downtimeHours: 0, availabilityPct: null, failures: 0, mtbfHours: null, mttrHours: null,
          bookedHours: 0, utilisationPct: null, usageHours: 0,
        }),
      ],
    });
  });

  it('attendance: planned places of completed and missed bookings, who came and for how long', async () => {
    const res = await t.http().get('/api/stats/report?from=2026-03-07&to=2026-03-14').set(facilitator.auth);
    expect(res.status).toBe(200);
    expect(res.body.activity).toMatchObject({
      supervisedHours: 8,
      hoursPerYoungPerson: { youngPeople: 2, mean: 4, q1: 3, median: 4, q3: 5 },
      plannedPlaces: 6,
      checkedIn: 4,
      attendanceRatePct: 66.7,
      noShows: 2,
    });
    expect(res.body.previous.activity).toMatchObject({
      supervisedHours: 3,
      hoursPerYoungPerson: { youngPeople: 1, mean: 3, q1: 3, median: 3, q3: 3 },
      plannedPlaces: 1,
      checkedIn: 1,
      attendanceRatePct: 100,
      noShows: 0,
    });
    // The machine metrics route agrees with the report, machine by machine.
    for (const item of res.body.machines.items) {
      const own = await t.http().get(`/api/machines/${item.machineId}/metrics?from=2026-03-07&to=2026-03-14`).set(facilitator.auth);
      const { code: _c, name: _n, category: _k, ...figures } = item;
      expect(own.body).toEqual(figures);
    }
  });
});
