import { DateTime } from 'luxon';
import type { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { BookingAttendance } from '../../bookings/booking-attendance.entity.js';
import { BookingParticipant } from '../../bookings/booking-participant.entity.js';
import { Booking } from '../../bookings/booking.entity.js';
import { hashPassword } from '../../common/auth/passwords.js';
import { LearningPathStep } from '../../learning-paths/learning-path-step.entity.js';
import { LearningPath } from '../../learning-paths/learning-path.entity.js';
import { MachineStatusChange } from '../../machines/machine-status-change.entity.js';
import { Machine } from '../../machines/machine.entity.js';
import type { Audience } from '../../participants/audience.js';
import { EnrollmentStep } from '../../participants/enrollment-step.entity.js';
import { Enrollment } from '../../participants/enrollment.entity.js';
import type { Gender } from '../../participants/gender.js';
import { identityKey, nameKey } from '../../participants/name-key.js';
import { Participant } from '../../participants/participant.entity.js';
import { ProgressEvent } from '../../participants/progress-event.entity.js';
import { Qualification } from '../../participants/qualification.entity.js';
import { Partner } from '../../partners/partner.entity.js';
import { fold } from '../../common/text/fold.js';
import { User } from '../../users/user.entity.js';
import { recomputeActivityMonths } from '../../stats/participant-activity-months.service.js';
import { FIRST_NAMES, LAST_NAMES, MACHINES, PARTNERS } from './demo-names.js';
import { SeededRandom } from './random.js';

export interface DatasetOptions {
  /** Calendar years of activity, ending with the current one. */
  years: number;
  /** Young people reached per year. */
  participantsPerYear: number;
  /** Enrolments per participant, on average (2 to 4 paths each). */
  enrollmentsPerParticipant: number;
  /** Bookings over the whole period (past ones completed, some in the coming weeks). */
  bookings: number;
  /** Learner accounts created (the first participants of the current year), all with `learnerPassword`. */
  learnerAccounts: number;
  learnerPassword: string;
  staffPassword: string;
  timezone: string;
  now: Date;
  seed: number;
}

export interface DatasetSummary {
  partners: number;
  staff: number;
  machines: number;
  participants: number;
  enrollments: number;
  progressEvents: number;
  bookings: number;
  attendances: number;
  learnerLogins: string[];
  staffLogins: string[];
  machineIds: string[];
}

const AUDIENCES: ReadonlyArray<readonly [Audience, number]> = [['insertion', 45], ['dropout', 25], ['pupil', 25], ['other', 5]];
const GENDERS: ReadonlyArray<readonly [Gender, number]> = [['female', 44], ['male', 50], ['nonbinary', 2], ['undisclosed', 4]];
const CHUNK = 250;

/**
 * How a fablab's year goes, month by month (January first): school terms, a dip in the February
 * and spring holidays, little in July, almost nothing in August, a strong return in September,
 * a short December. New arrivals and machine bookings follow it.
 */
export const MONTH_ACTIVITY = [10, 9, 11, 9, 9, 8, 4, 2, 13, 11, 10, 5] as const;
const MEAN_ACTIVITY = MONTH_ACTIVITY.reduce((a, b) => a + b, 0) / 12;
/** A young person takes part in bookings during the months after they arrive, not before. */
const ACTIVE_DAYS = 90;

/**
 * Writes a realistic fablab into an empty, migrated database (after the app's own start-up:
 * learning paths seeded, first admin created): partners, staff, machines, young people over
 * several years with their enrolments, step validations, qualifications, and machine bookings
 * with attendance. Bulk inserts, deterministic for a seed. Used by `npm run seed:demo` and the
 * benchmark (`npm run bench`).
 */
export async function generateDataset(dataSource: DataSource, options: DatasetOptions): Promise<DatasetSummary> {
  const rnd = new SeededRandom(options.seed);
  const zone = options.timezone;
  const now = DateTime.fromJSDate(options.now, { zone });
  const firstYear = now.year - options.years + 1;
  const paths = await dataSource.getRepository(LearningPath).find({ order: { position: 'ASC' } });
  const steps = await dataSource.getRepository(LearningPathStep).find({ order: { position: 'ASC' } });
  const stepsOf = (pathId: string) => steps.filter((s) => s.pathId === pathId && !s.retiredAt);
  const byCode = new Map(paths.map((p) => [p.code, p]));

  const summary: DatasetSummary = {
    partners: 0, staff: 0, machines: 0, participants: 0, enrollments: 0, progressEvents: 0, bookings: 0, attendances: 0,
    learnerLogins: [], staffLogins: [], machineIds: [],
  };

  // Partners, staff, machines.
  const partners = PARTNERS.map((p) => dataSource.getRepository(Partner).create({ name: p.name, nameKey: fold(p.name), kind: p.kind, active: true }));
  const staffHash = await hashPassword(options.staffPassword);
  const staff: User[] = [];
  const newUser = (username: string, role: User['role'], displayName: string, partnerId: string | null) =>
    dataSource.getRepository(User).create({
      username, email: `${username}@demo.fablab.test`, passwordHash: staffHash, role, displayName, partnerId,
      participantId: null, active: true, lastLoginAt: null, credentialsChangedAt: null,
    });
  staff.push(newUser('animatrice.sonia', 'facilitator', 'Sonia (animatrice)', null));
  staff.push(newUser('animateur.karim', 'facilitator', 'Karim (animateur)', null));
  partners.forEach((partner, i) => staff.push(newUser(`formateur.${i + 1}`, 'trainer', `Formateur·rice ${partner.name}`, partner.id)));
  const machines = MACHINES.map((m) =>
    dataSource.getRepository(Machine).create({
      code: m.code, name: m.name, category: m.category, status: 'available', location: m.location,
      requiresQualification: m.category !== 'electronics', usageHours: 0, notes: null,
    }),
  );
  const firstDay = DateTime.fromObject({ year: firstYear, month: 1, day: 1 }, { zone });
  await dataSource.transaction(async (manager) => {
    await insertChunks(manager, Partner, partners);
    await insertChunks(manager, User, staff);
    await insertChunks(manager, Machine, machines);
    const changes = manager.getRepository(MachineStatusChange);
    const history: MachineStatusChange[] = [];
    for (const m of machines) {
      history.push(changes.create({
        machineId: m.id, fromStatus: null, toStatus: 'available', reason: 'Mise en service', source: 'created', sourceId: null,
        changedBy: null, changedAt: firstDay.toJSDate(),
      }));
      // A few breakdowns a year, repaired within days: the report's failures and time to repair.
      for (let at = firstDay.plus({ days: rnd.int(20, 150) }); at.plus({ days: 12 }) < now; at = at.plus({ days: rnd.int(60, 200) })) {
        const down = at.set({ hour: rnd.int(9, 17) });
        const back = down.plus({ days: rnd.int(1, 8), hours: rnd.int(0, 5) });
        history.push(
          changes.create({ machineId: m.id, fromStatus: 'available', toStatus: 'out_of_order', reason: 'Panne signalée', source: 'manual', sourceId: null, changedBy: null, changedAt: down.toJSDate() }),
          changes.create({ machineId: m.id, fromStatus: 'out_of_order', toStatus: 'available', reason: 'Réparée', source: 'manual', sourceId: null, changedBy: null, changedAt: back.toJSDate() }),
        );
      }
    }
    await insertChunks(manager, MachineStatusChange, history);
  });
  summary.partners = partners.length;
  summary.staff = staff.length;
  summary.machines = machines.length;
  summary.machineIds = machines.map((m) => m.id);
  summary.staffLogins = staff.map((u) => u.username!);
  const facilitators = staff.filter((u) => u.role === 'facilitator');

  // Young people, year by year, with their enrolments and progress.
  const identities = new Set<string>();
  const yearParticipants = new Map<number, Participant[]>();
  for (let year = firstYear; year <= now.year; year++) {
    const participants: Participant[] = [];
    const enrollments: Enrollment[] = [];
    const enrollmentSteps: EnrollmentStep[] = [];
    const events: ProgressEvent[] = [];
    const qualifications: Qualification[] = [];
    const yearStart = DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
    // The current year has only its months so far: as many arrivals as their share of a year.
    const monthsOpen = year === now.year ? now.month : 12;
    const monthWeights = MONTH_ACTIVITY.slice(0, monthsOpen).map((weight, month) => {
      if (year !== now.year || month + 1 < now.month) return [month, weight] as const;
      return [month, weight * Math.max(0.05, (now.day - 1) / now.daysInMonth!)] as const;
    });
    const share = monthWeights.reduce((total, [, weight]) => total + weight, 0) / (MEAN_ACTIVITY * 12);
    const arrivals = Math.round(options.participantsPerYear * share);
    for (let i = 0; i < arrivals; i++) {
      const audience = rnd.weighted(AUDIENCES);
      const age = audience === 'pupil' ? rnd.int(12, 16) : audience === 'dropout' ? rnd.int(16, 21) : rnd.int(17, 29);
      const birthYear = year - age;
      let firstName: string = rnd.pick(FIRST_NAMES);
      let lastName: string = rnd.pick(LAST_NAMES);
      while (identities.has(identityKey(firstName, lastName, birthYear))) {
        firstName = rnd.pick(FIRST_NAMES);
        lastName = `${rnd.pick(LAST_NAMES)}-${rnd.pick(LAST_NAMES)}`;
      }
      identities.add(identityKey(firstName, lastName, birthYear));
      const month = yearStart.plus({ months: rnd.weighted(monthWeights) });
      const lastDay = year === now.year && month.month === now.month ? Math.max(1, now.day - 1) : month.daysInMonth!;
      const start = month.plus({ days: rnd.int(0, lastDay - 1), hours: rnd.int(9, 17) });
      const minor = year - birthYear < 15;
      const participant = dataSource.getRepository(Participant).create({
        firstName, lastName, birthYear, gender: rnd.weighted(GENDERS), audience,
        livesInQpv: rnd.chance(0.55), postcode: rnd.pick(['73000', '73000', '73000', '73490', '73230', '73290']),
        referredByPartnerId: rnd.chance(0.8) ? rnd.pick(partners).id : null,
        contactEmail: null, contactPhone: rnd.chance(0.6) ? `06${String(rnd.int(10_000_000, 99_999_999))}` : null,
        guardianName: minor ? `Parent de ${firstName}` : null, guardianPhone: null, guardianEmail: null,
        consentDataProcessing: true, consentParental: minor ? true : null, consentImageRights: rnd.chance(0.5),
        nameKey: nameKey(firstName, lastName), identityKey: identityKey(firstName, lastName, birthYear), erasedAt: null,
        createdAt: start.toJSDate(), updatedAt: start.toJSDate(),
      });
      participants.push(participant);

      const count = Math.max(1, Math.min(4, Math.round(options.enrollmentsPerParticipant + (rnd.next() - 0.5) * 2)));
      const order = rnd.shuffle(['EXPERIMENTER', 'APPRENDRE', 'FABRIQUER']).slice(0, Math.min(3, count));
      // Graduates of another path who go on to share what they learnt (its prerequisite: one completed).
      if (count === 4 || rnd.chance(0.2)) order.push('PARTAGER');
      let cursor = start;
      let completedOne = false;
      for (const code of order) {
        const path = byCode.get(code);
        if (!path || (code === 'PARTAGER' && !completedOne)) continue;
        const enrolledAt = cursor;
        if (enrolledAt > now) break;
        const pathSteps = stepsOf(path.id);
        const enrollment = dataSource.getRepository(Enrollment).create({
          participantId: participant.id, pathId: path.id, status: 'active', enrolledAt: enrolledAt.toJSDate(),
          completedAt: null, lastActivityAt: enrolledAt.toJSDate(), outcome: null, outcomeRecordedAt: null,
          createdAt: enrolledAt.toJSDate(), updatedAt: enrolledAt.toJSDate(),
        });
        let sequence = 1;
        events.push(event(dataSource, enrollment, participant.id, sequence++, null, 'enrolled', enrolledAt, facilitators));
        const giveUp = rnd.chance(0.12);
        let at = enrolledAt;
        let validatedRequired = 0;
        const required = pathSteps.filter((s) => s.required).length;
        for (const step of pathSteps) {
          at = at.plus({ days: rnd.int(2, 12), hours: rnd.int(0, 3) });
          const done = at <= now && !(giveUp && rnd.chance(0.5)) && (step.required || rnd.chance(0.6));
          if (!done) {
            enrollmentSteps.push(stepRow(dataSource, enrollment.id, step.id, 'todo', null));
            continue;
          }
          if (step.required) validatedRequired++;
          enrollmentSteps.push(stepRow(dataSource, enrollment.id, step.id, 'validated', at, rnd.pick(facilitators).id));
          events.push(event(dataSource, enrollment, participant.id, sequence++, step.id, 'validated', at, facilitators));
          enrollment.lastActivityAt = at.toJSDate();
          if (step.grantsQualification) {
            qualifications.push(dataSource.getRepository(Qualification).create({
              participantId: participant.id, category: step.grantsQualification, grantedAt: at.toJSDate(),
              expiresAt: at.plus({ months: 24 }).toJSDate(), revokedAt: null, revokedByUserId: null, revokeReason: null, source: 'step',
              enrollmentId: enrollment.id, stepId: step.id, grantedByUserId: null, createdAt: at.toJSDate(),
            }));
          }
        }
        if (validatedRequired === required) {
          enrollment.status = 'completed';
          enrollment.completedAt = enrollment.lastActivityAt;
          events.push(event(dataSource, enrollment, participant.id, sequence, null, 'completed', DateTime.fromJSDate(enrollment.completedAt, { zone }), facilitators));
          completedOne = true;
          // Most finished paths get their outcome a few weeks later; the latest may still wait.
          const recordedAt = DateTime.fromJSDate(enrollment.completedAt, { zone }).plus({ days: rnd.int(7, 45) });
          if (rnd.chance(0.85) && recordedAt <= now) {
            enrollment.outcome = rnd.weighted(
              code === 'EXPERIMENTER' || participant.audience === 'pupil'
                ? [['school_return', 50], ['training', 25], ['none', 15], ['unknown', 10]]
                : [['employment', 25], ['training', 35], ['school_return', 12], ['civic_service', 8], ['business_creation', 2], ['none', 8], ['unknown', 10]],
            );
            enrollment.outcomeRecordedAt = recordedAt.toJSDate();
            events.push({ ...event(dataSource, enrollment, participant.id, sequence + 1, null, 'outcome', recordedAt, facilitators), outcome: enrollment.outcome });
          }
        } else if (giveUp || DateTime.fromJSDate(enrollment.lastActivityAt, { zone }) < now.minus({ months: 4 })) {
          enrollment.status = 'withdrawn';
          const withdrawnAt = DateTime.fromJSDate(enrollment.lastActivityAt, { zone }).plus({ days: 7 });
          events.push(event(dataSource, enrollment, participant.id, sequence, null, 'withdrawn', withdrawnAt, facilitators));
          const recordedAt = withdrawnAt.plus({ days: rnd.int(7, 60) });
          if (rnd.chance(0.5) && recordedAt <= now) {
            enrollment.outcome = rnd.weighted([['employment', 15], ['training', 20], ['school_return', 10], ['none', 30], ['unknown', 25]]);
            enrollment.outcomeRecordedAt = recordedAt.toJSDate();
            events.push({ ...event(dataSource, enrollment, participant.id, sequence + 1, null, 'outcome', recordedAt, facilitators), outcome: enrollment.outcome });
          }
        }
        enrollments.push(enrollment);
        cursor = DateTime.fromJSDate(enrollment.lastActivityAt, { zone }).plus({ days: rnd.int(3, 20) });
      }
    }
    await dataSource.transaction(async (manager) => {
      await insertChunks(manager, Participant, participants);
      await insertChunks(manager, Enrollment, enrollments);
      await insertChunks(manager, EnrollmentStep, enrollmentSteps);
      await insertChunks(manager, ProgressEvent, events);
      await insertChunks(manager, Qualification, qualifications);
    });
    yearParticipants.set(year, participants);
    summary.participants += participants.length;
    summary.enrollments += enrollments.length;
    summary.progressEvents += events.length;
  }

  // Learner accounts for the first young people of the current year.
  const learnerHash = await hashPassword(options.learnerPassword);
  const learners = (yearParticipants.get(now.year) ?? []).slice(0, options.learnerAccounts).map((p, i) =>
    dataSource.getRepository(User).create({
      username: `jeune.${i + 1}`, email: null, passwordHash: learnerHash, role: 'learner',
      displayName: `${p.firstName} ${p.lastName?.[0]}.`, partnerId: null, participantId: p.id, active: true,
      lastLoginAt: null, credentialsChangedAt: null,
    }),
  );
  await dataSource.transaction((manager) => insertChunks(manager, User, learners));
  summary.learnerLogins = learners.map((u) => u.username!);

  summary.bookings = 0;
  summary.attendances = 0;
  await generateBookings(dataSource, options, rnd, machines, staff, yearParticipants, learners, summary);
  // The events were inserted in bulk, past the services that keep the statistics' record of reach.
  await dataSource.transaction((manager) => recomputeActivityMonths(manager));
  return summary;
}

/**
 * Bookings machine by machine, day by day over the period, one-hour or two-hour slots inside the
 * default opening hours (Tuesday–Saturday), never overlapping. Past ones are completed (with
 * attendance) or cancelled or no-shows; those of the coming weeks are confirmed.
 */
async function generateBookings(
  dataSource: DataSource,
  options: DatasetOptions,
  rnd: SeededRandom,
  machines: Machine[],
  staff: User[],
  yearParticipants: Map<number, Participant[]>,
  learners: User[],
  summary: DatasetSummary,
): Promise<void> {
  const zone = options.timezone;
  const now = DateTime.fromJSDate(options.now, { zone });
  const first = DateTime.fromObject({ year: now.year - options.years + 1, month: 1, day: 1 }, { zone });
  const last = now.plus({ days: 60 }).startOf('day');
  const openDays: DateTime[] = [];
  for (let day = first; day < last; day = day.plus({ days: 1 })) if (day.weekday >= 2 && day.weekday <= 6) openDays.push(day);
  // [start, end] in minutes after midnight, inside 09:00–12:30 and 13:30–18:00.
  const slotsPerDay = [[540, 600], [600, 660], [660, 750], [810, 870], [870, 960], [960, 1020], [1020, 1080]] as const;
  const perMachine = Math.ceil(options.bookings / machines.length);
  const capacity = openDays.length * slotsPerDay.length;
  const fill = Math.min(1, perMachine / capacity);
  const trainers = staff.filter((u) => u.role === 'trainer');

  let batch: { bookings: Booking[]; participants: BookingParticipant[]; attendances: BookingAttendance[] } = { bookings: [], participants: [], attendances: [] };
  const flush = async () => {
    await dataSource.transaction(async (manager) => {
      await insertChunks(manager, Booking, batch.bookings);
      await insertChunks(manager, BookingParticipant, batch.participants);
      await insertChunks(manager, BookingAttendance, batch.attendances);
    });
    summary.bookings += batch.bookings.length;
    summary.attendances += batch.attendances.length;
    batch = { bookings: [], participants: [], attendances: [] };
  };

  // Young people of every year by arrival, to find those who come at a given date.
  const arrivals = [...yearParticipants.values()].flat().sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const arrivedAt = arrivals.map((p) => p.createdAt.getTime());
  const firstArrivedAfter = (at: number) => {
    let lo = 0;
    let hi = arrivedAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arrivedAt[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  for (const machine of machines) {
    let made = 0;
    for (const day of openDays) {
      const season = MONTH_ACTIVITY[day.month - 1] / MEAN_ACTIVITY;
      for (const [from, to] of slotsPerDay) {
        if (made >= perMachine || !rnd.chance(Math.min(1, fill * season))) continue;
        const startsAt = day.set({ hour: Math.floor(from / 60), minute: from % 60 });
        const endsAt = day.set({ hour: Math.floor(to / 60), minute: to % 60 });
        const future = startsAt > now;
        // Leave the near future mostly free: benchmarks and demos book there.
        if (future && rnd.chance(0.85)) continue;
        const author = rnd.pick(trainers);
        const kind = rnd.weighted([['session', 55], ['training', 35], ['open_lab', 10]] as const);
        const status = future ? 'confirmed' : rnd.weighted([['completed', 85], ['cancelled', 10], ['no_show', 5]] as const);
        const booking = dataSource.getRepository(Booking).create({
          machineId: machine.id, kind, status, startsAt: startsAt.toJSDate(), endsAt: endsAt.toJSDate(),
          title: kind === 'training' ? 'Formation machine' : kind === 'session' ? 'Séance de groupe' : 'Temps libre',
          partnerId: author.partnerId, authorId: author.id, seriesId: null, affected: false, affectedReason: null,
          affectedCauseId: null, checkedInAt: status === 'completed' ? startsAt.toJSDate() : null,
          checkedOutAt: status === 'completed' ? endsAt.toJSDate() : null,
          usedMinutes: status === 'completed' ? to - from : null,
          cancelledAt: status === 'cancelled' ? startsAt.minus({ days: 1 }).toJSDate() : null,
          cancelledBy: status === 'cancelled' ? author.id : null, cancelReason: status === 'cancelled' ? 'Groupe indisponible' : null,
          createdAt: startsAt.minus({ days: 7 }).toJSDate(), updatedAt: startsAt.toJSDate(),
        });
        batch.bookings.push(booking);
        // Those who arrived in the months before (not those still to come).
        const poolEnd = firstArrivedAfter(startsAt.toMillis());
        const poolStart = firstArrivedAfter(startsAt.minus({ days: ACTIVE_DAYS }).toMillis());
        const attendees = new Set<string>();
        const wanted = kind === 'open_lab' ? 1 : rnd.int(1, 4);
        for (let i = 0; i < wanted && poolEnd > poolStart; i++) attendees.add(arrivals[rnd.int(poolStart, poolEnd - 1)].id);
        // Some of the accounts' upcoming bookings, so /me/progress has something to show.
        if (future && learners.length && rnd.chance(0.3)) attendees.add(rnd.pick(learners).participantId!);
        for (const participantId of attendees) {
          batch.participants.push(dataSource.getRepository(BookingParticipant).create({ bookingId: booking.id, participantId, bookingStartsAt: booking.startsAt }));
          if (status === 'completed') {
            batch.attendances.push(dataSource.getRepository(BookingAttendance).create({
              bookingId: booking.id, participantId, machineId: machine.id, bookingStartsAt: booking.startsAt, attendedAt: startsAt.toJSDate(), recordedBy: author.id,
              createdAt: endsAt.toJSDate(),
            }));
          }
        }
        made++;
        if (batch.bookings.length >= 2_000) await flush();
      }
    }
  }
  await flush();
}

function event(
  dataSource: DataSource, enrollment: Enrollment, participantId: string, sequence: number, stepId: string | null,
  type: ProgressEvent['type'], at: DateTime, authors: User[],
): ProgressEvent {
  return dataSource.getRepository(ProgressEvent).create({
    enrollmentId: enrollment.id, participantId, sequence, stepId, type, authorUserId: authors[sequence % authors.length].id,
    occurredAt: at.toJSDate(), recordedAt: at.toJSDate(), note: null, evidenceUrl: null, outcome: null,
  });
}

function stepRow(dataSource: DataSource, enrollmentId: string, stepId: string, status: EnrollmentStep['status'], at: DateTime | null, by: string | null = null): EnrollmentStep {
  return dataSource.getRepository(EnrollmentStep).create({
    enrollmentId, stepId, status, submittedAt: at?.toJSDate() ?? null, validatedAt: at?.toJSDate() ?? null,
    validatedByUserId: by, evidenceUrl: null, evidenceNote: null, rejectedAt: null, rejectionReason: null,
    updatedAt: (at ?? DateTime.now()).toJSDate(),
  });
}

async function insertChunks<T extends ObjectLiteral>(manager: EntityManager, entity: new () => T, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await manager.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + CHUNK)).updateEntity(false).execute();
  }
}
