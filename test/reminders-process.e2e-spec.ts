import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeMachine, makePlan } from './factories/machines.js';
import { outboxEntries, sleep, waitForInbox } from './factories/notifications.js';
import { makeStaff } from './factories/users.js';
import { loginAdmin, type Session } from './helpers/auth.js';
import { type RunningProcess, startServer, waitFor } from './helpers/processes.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { createTestApp, createTestDatabase, TEST_REDIS_URL, type TestApp, type TestDatabase } from './helpers/test-app.js';

const JWT_SECRET = 'process-test-secret-long-enough-0123456789';

describe('RUN_MODE=api enqueues, a worker process (node dist/main.js, RUN_MODE=worker) delivers', () => {
  let dir: string;
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let api: TestApp;
  let worker: RunningProcess | undefined;
  let admin: Session;
  let facilitator: Session & { user: { id: string; email?: string } };
  const prefix = `test-rproc-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fablab-reminders-'));
    database = await createTestDatabase(`sqlite:${join(dir, 'fablab.sqlite')}`);
    smtp = await startSmtpServer();
    api = await createTestApp({ DATABASE_URL: database.url, RUN_MODE: 'api', QUEUE_PREFIX: prefix, SMTP_URL: smtp.url, JWT_SECRET });
    admin = await loginAdmin(api);
    facilitator = await makeStaff(api, admin, 'facilitator');
  });
  afterAll(async () => {
    await worker?.stop();
    await api.close({ keepDatabase: true });
    await database.drop();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('what the API records waits for a worker; the worker process delivers it once, with its e-mail', async () => {
    const machine = await makeMachine(api, facilitator, { name: 'Graveuse laser Epilog' });
    await api.http().post(`/api/machines/${machine.id}/status`).set(facilitator.auth).send({ status: 'out_of_order', reason: 'Miroir sale' }).expect(200);
    const plan = await makePlan(api, facilitator, machine.id, { title: 'Nettoyage optique', everyDays: null, everyUsageHours: 5 });
    await api.http().post(`/api/machines/${machine.id}/usage`).set(facilitator.auth).send({ usageHours: 6 }).expect(200);
    const sweep = await api.http().post('/api/admin/jobs/maintenance-due/run').set(admin.auth).expect(200);
    expect(sweep.body.outcome).toMatchObject({ workOrdersCreated: 1, notificationsRecorded: 1 });

    // No processor in this process: the entries stay pending.
    await sleep(1_000);
    const pending = await outboxEntries(api, { status: 'pending' });
    expect(pending.map((e) => e.kind).sort()).toEqual(['machine_down', 'maintenance_due']);

    worker = startServer({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      RUN_MODE: 'worker',
      DATA_DIR: dir,
      JWT_SECRET,
      SMTP_URL: smtp.url,
      PORT: String(30_000 + Math.floor(Math.random() * 20_000)),
      // As the API of this test (createTestApp): no calendar sweep fires on its own mid-test.
      SCHEDULED_SWEEPS: 'off',
    });
    await waitFor(() => worker!.output().includes('worker started'), 30_000, 'worker start');

    const [down] = await waitForInbox(api, facilitator, 'machine_down', 1, (n) => n.data.machineId === machine.id);
    expect(down.title).toBe('Graveuse laser Epilog est hors service');
    const [due] = await waitForInbox(api, facilitator, 'maintenance_due', 1, (n) => n.data.planId === plan.id);
    expect(due.title).toBe('Maintenance à faire : Graveuse laser Epilog');
    const email = (facilitator.user as { email: string }).email;
    // Only these two: the worker also runs the sweeps on their real schedule (the weekly digest,
    // e-mailed to facilitators, goes out on Monday at 08:00 in Paris), and the test may run then.
    const ours = () => smtp.to(email).filter((m) => m.subject === down.title || m.subject === due.title);
    await waitFor(() => ours().length === 2, 15_000, 'e-mails from the worker');
    await waitFor(async () => (await outboxEntries(api, { status: 'pending' })).length === 0, 15_000, 'outbox delivered');
    expect((await outboxEntries(api, {})).every((e) => e.status === 'sent')).toBe(true);
    // The worker logs ids, never names or addresses.
    expect(worker.output()).not.toContain(email);
    expect(worker.output()).not.toContain('Graveuse laser Epilog');

    // Another sweep through the API: recorded here, delivered there; nothing twice.
    expect((await api.http().post('/api/admin/jobs/maintenance-due/run').set(admin.auth)).body.outcome).toMatchObject({ notificationsRecorded: 0 });
    await sleep(500);
    expect(ours().map((m) => m.subject).sort()).toEqual([down.title, due.title].sort());
    expect(await worker.stop()).toBe(0);
    worker = undefined;
  }, 90_000);
});
