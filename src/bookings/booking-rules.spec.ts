import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import {
  attendeeListViolation,
  type BookingCaller,
  type BookingState,
  bookingTerms,
  cancelViolation,
  checkInViolation,
  checkOutViolation,
  conflictViolation,
  earliestOverlappingStart,
  latestStart,
  machineViolation,
  maintenanceViolation,
  manageViolation,
  moveViolation,
  noShowPermissionViolation,
  noShowViolation,
  onGrid,
  qualificationViolation,
  requiresQualificationCheck,
  seriesShapeErrors,
  slotShapeErrors,
  termsViolation,
  timingViolation,
} from './booking-rules.js';

const PARIS = 'Europe/Paris';
const KATHMANDU = 'Asia/Kathmandu'; // UTC+05:45
const d = (iso: string) => new Date(iso);
const slot = (start: string, end: string) => ({ start: d(start), end: d(end) });
const fields = (start: string, end: string, zone = PARIS) => slotShapeErrors(slot(start, end), zone).map((e) => e.field);

describe('slot shape', () => {
  it('wants the end after the start', () => {
    expect(fields('2027-01-05T09:00:00Z', '2027-01-05T09:00:00Z')).toEqual(['endsAt']);
    expect(fields('2027-01-05T10:00:00Z', '2027-01-05T09:00:00Z')).toEqual(['endsAt']);
  });

  it('wants both ends on the local 15-minute grid', () => {
    expect(fields('2027-01-05T09:00:00Z', '2027-01-05T09:15:00Z')).toEqual([]);
    expect(fields('2027-01-05T09:05:00Z', '2027-01-05T09:30:00Z')).toEqual(['startsAt']);
    expect(fields('2027-01-05T09:00:00Z', '2027-01-05T09:40:00Z')).toEqual(['endsAt']);
    expect(fields('2027-01-05T09:00:30Z', '2027-01-05T09:30:00Z')).toEqual(['startsAt']);
    expect(fields('2027-01-05T09:00:00.001Z', '2027-01-05T09:30:00Z')).toEqual(['startsAt']);
    expect(onGrid(d('2027-01-05T09:00:00Z'), KATHMANDU)).toBe(true); // 14:45 local
    expect(onGrid(d('2027-01-05T09:05:00Z'), KATHMANDU)).toBe(false); // 14:50 local
  });

  it('wants 15 minutes to 8 hours, both included', () => {
    expect(fields('2027-01-05T09:00:00Z', '2027-01-05T09:15:00Z')).toEqual([]);
    expect(fields('2027-01-05T09:00:00Z', '2027-01-05T17:00:00Z')).toEqual([]);
    expect(fields('2027-01-05T09:00:00Z', '2027-01-05T17:15:00Z')).toEqual(['endsAt']);
    const messages = slotShapeErrors(slot('2027-01-05T09:00:00Z', '2027-01-05T17:15:00Z'), PARIS).map((e) => e.message);
    expect(messages[0]).toMatch(/15 minutes to 8 hours/);
  });

  it('names the fields it is given', () => {
    const errors = slotShapeErrors(slot('2027-01-05T09:05:00Z', '2027-01-05T09:30:00Z'), PARIS, { start: 'firstStartsAt', end: 'durationMinutes' });
    expect(errors.map((e) => e.field)).toEqual(['firstStartsAt']);
  });
});

describe('series shape: the slot rules said of a first start and a duration', () => {
  const seriesFields = (first: string | null, minutes: number, zone = PARIS) =>
    seriesShapeErrors(first ? d(first) : null, minutes, zone).map((e) => e.field);

  it('wants the first start on the local 15-minute grid', () => {
    expect(seriesFields('2027-01-05T09:15:00Z', 60)).toEqual([]);
    expect(seriesFields('2027-01-05T09:10:00Z', 60)).toEqual(['firstStartsAt']);
    expect(seriesFields('2027-01-05T09:00:30Z', 60)).toEqual(['firstStartsAt']);
    expect(seriesFields('2027-01-05T09:00:00Z', 60, KATHMANDU)).toEqual([]); // 14:45 local
    // A first start that could not be read is reported by whoever read it.
    expect(seriesFields(null, 60)).toEqual([]);
  });

  it('wants a duration a slot may have: a multiple of 15 from 15 minutes to 8 hours, both included', () => {
    expect(seriesFields('2027-01-05T09:00:00Z', 15)).toEqual([]);
    expect(seriesFields('2027-01-05T09:00:00Z', 480)).toEqual([]);
    expect(seriesFields('2027-01-05T09:00:00Z', 0)).toEqual(['durationMinutes']);
    expect(seriesFields('2027-01-05T09:00:00Z', 495)).toEqual(['durationMinutes']);
    expect(seriesFields('2027-01-05T09:00:00Z', 50)).toEqual(['durationMinutes']);
    expect(seriesFields('2027-01-05T09:10:00Z', 50)).toEqual(['firstStartsAt', 'durationMinutes']);
  });

  it('accepts exactly what a single booking of the first date would', () => {
    for (const [first, minutes] of [
      ['2027-01-05T09:00:00Z', 15],
      ['2027-01-05T09:05:00Z', 60],
      ['2027-01-05T09:00:00Z', 45],
      ['2027-01-05T09:00:00Z', 510],
      ['2027-01-05T09:00:00Z', 10],
    ] as const) {
      const start = d(first);
      const single = slotShapeErrors({ start, end: new Date(start.getTime() + minutes * 60_000) }, PARIS);
      expect(seriesShapeErrors(start, minutes, PARIS).length === 0).toBe(single.length === 0);
    }
  });
});

describe('timing', () => {
  const now = d('2027-01-05T10:00:00Z');

  it('refuses a start in the past, even by a millisecond; now is fine', () => {
    expect(timingViolation(d('2027-01-05T10:00:00Z'), now, PARIS)).toBeNull();
    expect(timingViolation(d('2027-01-05T09:59:59.999Z'), now, PARIS)?.code).toBe('IN_THE_PAST');
  });

  it('allows up to 90 calendar days ahead, in local time across a DST change', () => {
    // 2027-01-05 11:00 CET + 90 days = 2027-04-05 11:00 CEST = 09:00Z (DST began on 2027-03-28).
    expect(latestStart(now, PARIS).toISOString()).toBe('2027-04-05T09:00:00.000Z');
    expect(timingViolation(d('2027-04-05T09:00:00Z'), now, PARIS)).toBeNull();
    const tooFar = timingViolation(d('2027-04-05T09:15:00Z'), now, PARIS);
    expect(tooFar?.code).toBe('TOO_FAR_AHEAD');
    expect(tooFar?.details).toEqual({ startsAt: '2027-04-05T09:15:00.000Z', latestStartsAt: '2027-04-05T09:00:00.000Z' });
  });
});

describe('machine, calendar and qualification rules', () => {
  it('takes bookings on available machines only', () => {
    expect(machineViolation('available')).toBeNull();
    for (const status of ['maintenance', 'out_of_order', 'retired'] as const) {
      expect(machineViolation(status)?.code).toBe('MACHINE_UNAVAILABLE');
    }
  });

  it('names conflicts and maintenance windows', () => {
    expect(conflictViolation([])).toBeNull();
    const conflict = conflictViolation([{ id: 'b1', startsAt: d('2027-01-05T09:00:00Z'), endsAt: d('2027-01-05T10:00:00Z') }]);
    expect(conflict?.code).toBe('BOOKING_CONFLICT');
    expect(conflict?.details).toEqual({ conflicts: [{ id: 'b1', startsAt: '2027-01-05T09:00:00.000Z', endsAt: '2027-01-05T10:00:00.000Z' }] });
    expect(maintenanceViolation([])).toBeNull();
    expect(maintenanceViolation([{ workOrderId: 'w', start: d('2027-01-05T09:00:00Z'), end: d('2027-01-05T10:00:00Z') }])?.code).toBe(
      'MAINTENANCE_WINDOW',
    );
  });

  it('checks qualifications for sessions and open lab, never for training', () => {
    expect(requiresQualificationCheck('session', true)).toBe(true);
    expect(requiresQualificationCheck('open_lab', true)).toBe(true);
    expect(requiresQualificationCheck('training', true)).toBe(false);
    expect(requiresQualificationCheck('open_lab', false)).toBe(false);
    expect(qualificationViolation([], 'laser_cutter')).toBeNull();
    const refused = qualificationViolation(['p1', 'p2'], 'laser_cutter');
    expect(refused?.code).toBe('NOT_QUALIFIED');
    expect(refused?.details).toEqual({ participantIds: ['p1', 'p2'], category: 'laser_cutter' });
  });

  it('bounds the overlap query by the longest booking', () => {
    expect(earliestOverlappingStart(slot('2027-01-05T17:00:00Z', '2027-01-05T18:00:00Z')).toISOString()).toBe('2027-01-05T09:00:00.000Z');
  });
});

describe('lifecycle', () => {
  const booking = (overrides: Partial<BookingState> = {}): BookingState => ({
    status: 'confirmed',
    startsAt: d('2027-01-05T10:00:00Z'),
    endsAt: d('2027-01-05T12:00:00Z'),
    checkedInAt: null,
    ...overrides,
  });
  const checkedIn = booking({ checkedInAt: d('2027-01-05T09:55:00Z') });

  it('check-in opens 30 minutes before the start and closes at the end', () => {
    expect(checkInViolation(booking(), d('2027-01-05T09:29:59Z'))?.code).toBe('INVALID_TRANSITION');
    expect(checkInViolation(booking(), d('2027-01-05T09:30:00Z'))).toBeNull();
    expect(checkInViolation(booking(), d('2027-01-05T11:59:59Z'))).toBeNull();
    expect(checkInViolation(booking(), d('2027-01-05T12:00:00Z'))?.code).toBe('INVALID_TRANSITION');
    expect(checkInViolation(checkedIn, d('2027-01-05T10:00:00Z'))?.code).toBe('INVALID_TRANSITION');
    expect(checkInViolation(booking({ status: 'cancelled' }), d('2027-01-05T10:00:00Z'))?.code).toBe('INVALID_TRANSITION');
  });

  it('check-out needs a check-in, and the start', () => {
    const during = d('2027-01-05T11:00:00Z');
    expect(checkOutViolation(booking(), during)?.code).toBe('INVALID_TRANSITION');
    expect(checkOutViolation(checkedIn, during)).toBeNull();
    expect(checkOutViolation(booking({ status: 'completed', checkedInAt: d('2027-01-05T10:00:00Z') }), during)?.code).toBe('INVALID_TRANSITION');
    // Checked in early, checked out before the start: the machine was not used, the slot must not free up.
    expect(checkOutViolation(checkedIn, d('2027-01-05T09:59:59Z'))?.code).toBe('INVALID_TRANSITION');
    expect(checkOutViolation(checkedIn, d('2027-01-05T10:00:00Z'))).toBeNull();
  });

  it('cancels what is confirmed, unused and not over', () => {
    expect(cancelViolation(booking(), d('2027-01-05T11:59:00Z'))).toBeNull();
    expect(cancelViolation(booking(), d('2027-01-05T12:00:00Z'))?.code).toBe('INVALID_TRANSITION');
    expect(cancelViolation(checkedIn, d('2027-01-05T10:00:00Z'))?.code).toBe('INVALID_TRANSITION');
    expect(cancelViolation(booking({ status: 'cancelled' }), d('2027-01-05T09:00:00Z'))?.code).toBe('INVALID_TRANSITION');
  });

  it('marks no-show once started and never checked in', () => {
    expect(noShowViolation(booking(), d('2027-01-05T09:59:59Z'))?.code).toBe('INVALID_TRANSITION');
    expect(noShowViolation(booking(), d('2027-01-05T10:00:00Z'))).toBeNull();
    expect(noShowViolation(checkedIn, d('2027-01-05T13:00:00Z'))?.code).toBe('INVALID_TRANSITION');
  });

  it('moves confirmed bookings; once checked in, only attendees change', () => {
    expect(moveViolation(booking(), true)).toBeNull();
    expect(moveViolation(checkedIn, true)?.code).toBe('INVALID_TRANSITION');
    expect(moveViolation(checkedIn, false)).toBeNull();
    expect(moveViolation(booking({ status: 'no_show' }), false)?.code).toBe('INVALID_TRANSITION');
  });
});

describe('who may book and change what', () => {
  const learner: BookingCaller = { id: 'u-learner', role: 'learner', partnerId: null, participantId: 'p-me' };
  const unlinked: BookingCaller = { ...learner, participantId: null };
  const trainer: BookingCaller = { id: 'u-trainer', role: 'trainer', partnerId: 'partner-a', participantId: null };
  const facilitator: BookingCaller = { id: 'u-facilitator', role: 'facilitator', partnerId: null, participantId: null };
  const admin: BookingCaller = { id: 'u-admin', role: 'admin', partnerId: null, participantId: null };
  const message = (error: { code: string; message: string } | null) => (error ? `${error.code}: ${error.message}` : null);

  it('lets a learner book open-lab time for themself only, for no partner', () => {
    expect(termsViolation(learner, { kind: 'open_lab' })).toBeNull();
    expect(termsViolation(learner, { kind: 'open_lab', participantIds: ['p-me'] })).toBeNull();
    expect(bookingTerms(learner, { kind: 'open_lab' })).toEqual({ partnerId: null, participantIds: ['p-me'] });
    expect(message(termsViolation(unlinked, { kind: 'open_lab' }))).toBe('FORBIDDEN: Your account is not linked to a participant: it cannot book');
    expect(message(termsViolation(learner, { kind: 'session' }))).toBe('FORBIDDEN: Learners may book open-lab time only');
    expect(message(termsViolation(learner, { kind: 'open_lab', partnerId: 'partner-a' }))).toBe('FORBIDDEN: Learners book for themselves, not for a partner');
    expect(message(termsViolation(learner, { kind: 'open_lab', participantIds: ['p-other'] }))).toBe('FORBIDDEN: Learners book for themselves only');
    expect(message(termsViolation(learner, { kind: 'open_lab', participantIds: ['p-me', 'p-other'] }))).toBe('FORBIDDEN: Learners book for themselves only');
    expect(message(termsViolation(learner, { kind: 'open_lab', participantIds: [] }))).toBe('FORBIDDEN: Learners book for themselves only');
  });

  it('lets a trainer book for their own partner, staff for anyone', () => {
    expect(termsViolation(trainer, { kind: 'session', participantIds: ['p-1'] })).toBeNull();
    expect(termsViolation(trainer, { kind: 'session', partnerId: 'partner-a' })).toBeNull();
    expect(bookingTerms(trainer, { kind: 'session', participantIds: ['p-1'] })).toEqual({ partnerId: 'partner-a', participantIds: ['p-1'] });
    expect(message(termsViolation(trainer, { kind: 'session', partnerId: 'partner-b' }))).toBe('FORBIDDEN: Trainers book for their own partner only');
    expect(termsViolation(facilitator, { kind: 'training', partnerId: 'partner-b' })).toBeNull();
    expect(bookingTerms(facilitator, { kind: 'training', partnerId: 'partner-b' })).toEqual({ partnerId: 'partner-b', participantIds: [] });
    expect(bookingTerms(admin, { kind: 'open_lab' })).toEqual({ partnerId: null, participantIds: [] });
  });

  it('lets a learner list only themself as attendee', () => {
    expect(attendeeListViolation(learner, ['p-me'])).toBeNull();
    expect(attendeeListViolation(learner, ['p-other'])?.code).toBe('FORBIDDEN');
    expect(attendeeListViolation(trainer, ['p-other', 'p-1'])).toBeNull();
  });

  it('lets the author, facilitators and admins change a booking', () => {
    const booking = { authorId: 'u-trainer' };
    expect(manageViolation(booking, trainer)).toBeNull();
    expect(manageViolation(booking, facilitator)).toBeNull();
    expect(manageViolation(booking, admin)).toBeNull();
    expect(message(manageViolation(booking, { ...trainer, id: 'u-other-trainer' }))).toBe(
      'FORBIDDEN: Only its author, a facilitator or an admin may change this booking',
    );
    expect(manageViolation(booking, learner)?.code).toBe('FORBIDDEN');
    expect(manageViolation({ authorId: 'u-learner' }, learner)).toBeNull();
  });

  it('lets staff only mark a no-show: the author when staff, facilitators, admins', () => {
    expect(noShowPermissionViolation({ authorId: 'u-trainer' }, trainer)).toBeNull();
    expect(noShowPermissionViolation({ authorId: 'u-trainer' }, facilitator)).toBeNull();
    expect(noShowPermissionViolation({ authorId: 'u-someone' }, trainer)?.code).toBe('FORBIDDEN');
    expect(message(noShowPermissionViolation({ authorId: 'u-learner' }, learner))).toBe('FORBIDDEN: Only staff may mark a booking as no-show');
  });
});

describe('local time without luxon: the same answers as luxon across daylight-saving changes', () => {
  // Offsets of whole hours, 30 min (Lord Howe's DST), 45 min (Kathmandu, Chatham), southern DST.
  const zones = ['Europe/Paris', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham'];
  const MINUTE_MS = 60_000;
  const QUARTER_MS = 15 * MINUTE_MS;

  /** Every 7 h 13 min over two years, each also rounded to a UTC quarter hour and 1 s / 1 ms off it. */
  function instants(): number[] {
    const out: number[] = [];
    for (let ts = Date.UTC(2025, 0, 1, 0, 7); ts < Date.UTC(2027, 0, 1); ts += 433 * MINUTE_MS) {
      const quarter = Math.floor(ts / QUARTER_MS) * QUARTER_MS;
      out.push(ts, quarter, quarter + 1000, quarter + 1);
    }
    return out;
  }

  it.each(zones)('%s: onGrid reads the local minute, second and millisecond luxon reads', (zone) => {
    let onGridCount = 0;
    for (const ts of instants()) {
      const local = DateTime.fromMillis(ts, { zone });
      const expected = local.minute % 15 === 0 && local.second === 0 && local.millisecond === 0;
      expect(onGrid(new Date(ts), zone)).toBe(expected);
      if (expected) onGridCount++;
    }
    expect(onGridCount).toBeGreaterThan(1000); // both answers are exercised
  });

  it.each(zones)("%s: latestStart is luxon's plus({ days: 90 }) from any instant", (zone) => {
    for (const ts of instants()) {
      expect(latestStart(new Date(ts), zone).getTime()).toBe(DateTime.fromMillis(ts, { zone }).plus({ days: 90 }).toMillis());
    }
  });

  it('Paris before 1911 (UTC+00:09:21): the grid follows the local offset, not UTC', () => {
    for (let ts = Date.UTC(1910, 0, 1); ts < Date.UTC(1912, 0, 1); ts += 433 * MINUTE_MS) {
      const local = DateTime.fromMillis(ts, { zone: PARIS });
      expect(onGrid(new Date(ts), PARIS)).toBe(local.minute % 15 === 0 && local.second === 0 && local.millisecond === 0);
    }
    expect(onGrid(new Date('1910-06-01T08:50:39Z'), PARIS)).toBe(true); // 09:00:00 local
    expect(onGrid(new Date('1910-06-01T09:00:00Z'), PARIS)).toBe(false);
  });

  it('an invalid date is on no grid', () => {
    expect(onGrid(new Date(Number.NaN), PARIS)).toBe(false);
  });
});
