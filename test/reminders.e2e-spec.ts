import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { In } from 'typeorm';
import { WorkOrder } from '../src/maintenance/work-order.entity.js';
import { Enrollment } from '../src/participants/enrollment.entity.js';
import { Participant } from '../src/participants/participant.entity.js';
import { ProgressEvent } from '../src/participants/progress-event.entity.js';
import { InactivitySweep } from '../src/reminders/inactivity.sweep.js';
import { QualificationExpirySweep } from '../src/reminders/qualification-expiry.sweep.js';
import { TargetDigestSweep } from '../src/reminders/target-digest.sweep.js';
import { makeMachine, makePlan } from './factories/machines.js';
import { inbox, outboxEntries, sleep, waitForInbox, waitForOutboxSettled } from './factories/notifications.js';
import { enrol, type EnrollmentBody, makeLearner, makeParticipant } from './factories/participants.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { waitFor } from './helpers/processes.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const DAY = 86_400_000;

describe('reminders: sweeps, learners’ milestones, admin job runner', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: Session;
  let facilitator: Session & { user: { id: string; email?: string } };
  let trainer: Session;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ SMTP_URL: smtp.url, INACTIVITY_DAYS: '21' });
    admin = await loginAdmin(t);
    facilitator = await makeStaff(t, admin, 'facilitator');
    trainer = await makeStaff(t, admin, 'trainer');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const run = (name: string, session: Session = admin) => t.http().post(`/api/admin/jobs/${name}/run`).set(session.auth);
  const facilitatorEmail = () => (facilitator.user as { email: string }).email;

  describe('POST /admin/jobs/:name/run', () => {
    it('is for admins only; an unknown job is a 404', async () => {
      await t.http().post('/api/admin/jobs/maintenance-due/run').expect(401);
      const refused = await run('maintenance-due', facilitator);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('FORBIDDEN');
      const unknown = await run('make-coffee');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toBe('NOT_FOUND');
    });

    it('runs each sweep and returns its counts', async () => {
      for (const name of ['maintenance-due', 'inactivity', 'qualification-expiry', 'target-digest', 'retention', 'reminder-reconcile']) {
        const res = await run(name);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ job: name, startedAt: expect.any(String), finishedAt: expect.any(String), outcome: expect.any(Object) });
      }
    });
  });

  describe('maintenance-due', () => {
    it('opens the preventive work order once per plan due, tells facilitators once, in French', async () => {
      const machine = await makeMachine(t, facilitator, { name: 'Imprimante Prusa XL' });
      const plan = await makePlan(t, facilitator, machine.id, { title: 'Graissage des axes', everyDays: null, everyUsageHours: 10 });
      await t.http().post(`/api/machines/${machine.id}/usage`).set(facilitator.auth).send({ usageHours: 12 }).expect(200);

      const first = await run('maintenance-due');
      expect(first.body.outcome).toMatchObject({ plansDue: 1, workOrdersCreated: 1, notificationsRecorded: 1 });
      const second = await run('maintenance-due');
      expect(second.body.outcome).toMatchObject({ plansDue: 1, workOrdersCreated: 0, notificationsRecorded: 0 });

      const orders = await t.dataSource.getRepository(WorkOrder).findBy({ planId: plan.id });
      expect(orders).toHaveLength(1);
      expect(orders[0]).toMatchObject({ kind: 'preventive', status: 'open', machineId: machine.id });

      const [n] = await waitForInbox(t, facilitator, 'maintenance_due', 1, (x) => x.data.planId === plan.id);
      expect(n.title).toBe('Maintenance à faire : Imprimante Prusa XL');
      expect(n.body).toContain('« Graissage des axes »');
      expect(n.body).toContain("12 h d'utilisation sur 10 h");
      expect(n.data).toMatchObject({ planId: plan.id, machineId: machine.id, workOrderId: orders[0].id });
      await waitFor(() => smtp.to(facilitatorEmail()).some((m) => m.subject === n.title));
      // Admins are not told (facilitators run the maintenance); trainers neither.
      expect((await inbox(t, admin)).some((x) => x.data.planId === plan.id)).toBe(false);
      expect((await inbox(t, trainer)).some((x) => x.data.planId === plan.id)).toBe(false);

      // Cancelling the order does not make the sweep open another one for the same cycle.
      await t.http().post(`/api/maintenance/work-orders/${orders[0].id}/cancel`).set(facilitator.auth).send({}).expect(200);
      expect((await run('maintenance-due')).body.outcome).toMatchObject({ workOrdersCreated: 0, notificationsRecorded: 0 });
      // Once completed, the plan starts a new cycle.
      const reopened = await t.http().post('/api/maintenance/work-orders').set(facilitator.auth).send({
        machineId: machine.id,
        kind: 'preventive',
        title: 'Graissage',
        planId: plan.id,
      });
      await t.http().post(`/api/maintenance/work-orders/${reopened.body.id}/complete`).set(facilitator.auth).send({}).expect(200);
      expect((await run('maintenance-due')).body.outcome).toMatchObject({ plansDue: 0, workOrdersCreated: 0 });
    });
  });

  describe('learners: step_validated, path_completed, inactivity, expiring qualifications', () => {
    let learner: Awaited<ReturnType<typeof makeLearner>>;
    let enrollment: EnrollmentBody;

    beforeAll(async () => {
      learner = await makeLearner(t, facilitator, { firstName: 'Inès', lastName: 'Martin', contact: { email: 'ines.martin@example.test' } });
      enrollment = await enrol(t, facilitator, learner.participant.id, 'EXPERIMENTER');
    });

    it('a validated step congratulates the learner (inbox only by default); the completed path too, by e-mail', async () => {
      const validate = (stepId: string) =>
        t.http().post(`/api/enrollments/${enrollment.id}/steps/${stepId}/validate`).set(facilitator.auth).send({});
      await validate(enrollment.steps[0].stepId).expect(200);
      const [step] = await waitForInbox(t, learner.session, 'step_validated');
      expect(step.title).toBe('Étape validée : Accueil et sécurité');
      expect(step.body).toContain('« Expérimenter »');
      expect(step.body).toContain('25 %');
      expect(step.body).toContain('Prochaine étape : Première impression 3D.');
      expect(step.data).toMatchObject({ enrollmentId: enrollment.id, stepId: enrollment.steps[0].stepId, pathCode: 'EXPERIMENTER' });

      for (const s of enrollment.steps.slice(1)) await validate(s.stepId).expect(200);
      const [done] = await waitForInbox(t, learner.session, 'path_completed');
      expect(done.title).toBe('Parcours terminé : Expérimenter');
      expect(done.body).toContain('félicitations');
      await waitForInbox(t, learner.session, 'step_validated', 4);
      // The learner's contact address receives what is e-mailed by default, not the rest.
      await waitFor(() => smtp.to('ines.martin@example.test').some((m) => m.subject === done.title));
      await waitForOutboxSettled(t, { subjectId: learner.participant.id, kind: 'step_validated' });
      expect(smtp.to('ines.martin@example.test').some((m) => m.subject.startsWith('Étape validée'))).toBe(false);
      // Staff are not told of each step.
      expect((await inbox(t, facilitator)).some((n) => n.kind === 'step_validated')).toBe(false);
      // GET /me/progress counts the unread ones.
      const progress = await t.http().get('/api/me/progress').set(learner.session.auth).expect(200);
      expect(progress.body.unreadNotifications).toBe((await inbox(t, learner.session, '&unread=true')).length);
    });

    it('a stalled enrolment nudges the learner and alerts facilitators — at most once a week', async () => {
      const stalled = await makeLearner(t, facilitator, { firstName: 'Yanis', lastName: 'Bernard' });
      const since = new Date(Date.now() - 30 * DAY);
      const e = await enrol(t, facilitator, stalled.participant.id, 'FABRIQUER', { enrolledAt: since.toISOString() });

      const first = await run('inactivity');
      expect(first.body.outcome).toMatchObject({ nudgesRecorded: 1, alertsRecorded: 1 });
      const again = await run('inactivity');
      expect(again.body.outcome).toMatchObject({ nudgesRecorded: 0, alertsRecorded: 0 });

      const [nudge] = await waitForInbox(t, stalled.session, 'inactivity_nudge');
      expect(nudge.title).toBe('On ne vous a pas vu depuis un moment !');
      expect(nudge.body).toContain('« Fabriquer » n\'a pas avancé depuis 30 jours');
      expect(nudge.data).toMatchObject({ enrollmentId: e.id });
      const [alert] = await waitForInbox(t, facilitator, 'participant_stalled', 1, (n) => n.data.enrollmentId === e.id);
      expect(alert.title).toBe('Parcours à l’arrêt : Yanis Bernard'.replace('’', "'"));
      expect(alert.body).toContain('depuis 30 jours');
      expect((await inbox(t, admin)).some((n) => n.kind === 'participant_stalled')).toBe(false);

      // Within the week: nothing more; a week later: once more.
      const sweep = t.app.get(InactivitySweep);
      expect(await sweep.run(new Date(Date.now() + 3 * DAY))).toMatchObject({ nudgesRecorded: 0, alertsRecorded: 0 });
      expect(await sweep.run(new Date(Date.now() + 8 * DAY))).toMatchObject({ nudgesRecorded: 1, alertsRecorded: 1 });
      expect(await sweep.run(new Date(Date.now() + 9 * DAY))).toMatchObject({ nudgesRecorded: 0, alertsRecorded: 0 });
      await waitForInbox(t, stalled.session, 'inactivity_nudge', 2);

      // Progress resets it: the enrolment is no longer stalled.
      await t.http().post(`/api/enrollments/${e.id}/steps/${e.steps[0].stepId}/validate`).set(facilitator.auth).send({}).expect(200);
      expect(await sweep.run(new Date(Date.now() + 10 * DAY))).toMatchObject({ nudgesRecorded: 0 });
    });

    it('a qualification expiring within 30 days is announced to the learner once', async () => {
      const holder = await makeLearner(t, facilitator, { firstName: 'Lou' });
      const expiresAt = new Date(Date.now() + 20 * DAY);
      const granted = await t
        .http()
        .post(`/api/participants/${holder.participant.id}/qualifications`)
        .set(facilitator.auth)
        .send({ category: 'laser_cutter', grantedAt: new Date(Date.now() - 700 * DAY).toISOString(), expiresAt: expiresAt.toISOString() });
      expect(granted.status).toBe(201);
      // Far from expiry: not announced.
      await t
        .http()
        .post(`/api/participants/${holder.participant.id}/qualifications`)
        .set(facilitator.auth)
        .send({ category: 'vinyl_cutter' })
        .expect(201);

      const first = await run('qualification-expiry');
      expect(first.body.outcome.notificationsRecorded).toBeGreaterThanOrEqual(1);
      expect((await run('qualification-expiry')).body.outcome.notificationsRecorded).toBe(0);
      const [n] = await waitForInbox(t, holder.session, 'qualification_expiring');
      expect(n.title).toBe('Votre habilitation découpeuse laser expire bientôt');
      expect(n.body).toMatch(/expire le \d{1,2} \S+ \d{4}/);
      expect(n.data).toMatchObject({ participantId: holder.participant.id, category: 'laser_cutter' });
      await sleep(300);
      expect((await inbox(t, holder.session)).filter((x) => x.kind === 'qualification_expiring')).toHaveLength(1);

      // A renewal makes the next one moot; nothing new is recorded.
      const sweep = t.app.get(QualificationExpirySweep);
      await t.http().post(`/api/participants/${holder.participant.id}/qualifications`).set(facilitator.auth).send({ category: 'laser_cutter' }).expect(201);
      expect((await sweep.run(new Date(Date.now() + 5 * DAY))).notificationsRecorded).toBe(0);
    });
  });

  describe('target-digest', () => {
    it('sends the weekly digest to facilitators and admins, once per week', async () => {
      // Fixed weeks, not the real one: "next week" from late December is in another year (where
      // nobody is reached yet), and a run crossing Monday 00:00 in Paris would change "this week".
      const p = await makeParticipant(t, facilitator);
      await enrol(t, facilitator, p.id, 'APPRENDRE', { enrolledAt: '2026-06-01T08:00:00.000Z' });
      const sweep = t.app.get(TargetDigestSweep);
      const monday = new Date('2026-06-08T06:00:00.000Z'); // Monday 8 June 2026, 08:00 in Paris
      const first = await sweep.run(monday);
      expect(first).toMatchObject({ week: '2026-W24', recorded: 1, target: 500 });
      expect(first.reached).toBeGreaterThanOrEqual(1);
      expect((await sweep.run(monday)).recorded).toBe(0);
      // Sunday 14 June 23:30 in Paris is still that ISO week (21:30Z); Monday 00:30 is the next one.
      expect(await sweep.run(new Date('2026-06-14T21:30:00.000Z'))).toMatchObject({ week: '2026-W24', recorded: 0 });
      const next = await sweep.run(new Date('2026-06-14T22:30:00.000Z'));
      expect(next).toMatchObject({ week: '2026-W25', recorded: 1 });

      const digests = await waitForInbox(t, facilitator, 'target_digest', 2, (d) => d.data.week === first.week || d.data.week === next.week);
      const n = digests.find((d) => d.data.week === first.week)!;
      expect(n.title).toMatch(/^Objectif 2026 : \d+ jeunes sur 500 \(\d+(,\d)? %\)$/);
      expect(n.body).toContain('attendu à cette date');
      expect(n.data).toMatchObject({ year: 2026, target: 500, week: first.week });
      await waitForInbox(t, admin, 'target_digest', 2, (d) => d.data.week === first.week || d.data.week === next.week);
      expect((await inbox(t, trainer)).some((x) => x.kind === 'target_digest')).toBe(false);
    });
  });

  describe('retention', () => {
    it('anonymises participants inactive for RETENTION_YEARS (3) through the erasure, once', async () => {
      const old = await makeLearner(t, facilitator, { firstName: 'Ancien', lastName: 'Participant' });
      const recent = await makeParticipant(t, facilitator);
      const e = await enrol(t, facilitator, old.participant.id, 'EXPERIMENTER');
      // Four years ago, as far as the database knows.
      const past = new Date(Date.now() - 4 * 365 * DAY);
      await t.dataSource.getRepository(Participant).update({ id: old.participant.id }, { createdAt: past });
      await t.dataSource.getRepository(Enrollment).update({ id: e.id }, { enrolledAt: past, lastActivityAt: past });
      await t.dataSource.getRepository(ProgressEvent).update({ participantId: old.participant.id }, { occurredAt: past });

      const first = await run('retention');
      expect(first.body.outcome).toMatchObject({ retentionYears: 3, inactive: 1, anonymised: 1 });
      expect((await run('retention')).body.outcome).toMatchObject({ inactive: 0, anonymised: 0 });
      const rows = await t.dataSource.getRepository(Participant).findBy({ id: In([old.participant.id, recent.id]) });
      const erased = rows.find((p) => p.id === old.participant.id)!;
      expect(erased).toMatchObject({ firstName: null, lastName: null, erasedAt: expect.any(Date) });
      expect(rows.find((p) => p.id === recent.id)?.erasedAt).toBeNull();
      // Their account is closed, their inbox gone.
      await t.http().get('/api/me/notifications').set(old.session.auth).expect(401);
      expect(await outboxEntries(t, { subjectId: old.participant.id, status: 'pending' })).toEqual([]);
    });
  });
});
