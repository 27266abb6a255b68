import type { FindOptionsWhere } from 'typeorm';
import type { NotificationKind } from '../../src/notifications/notification-kind.js';
import { Notification } from '../../src/notifications/notification.entity.js';
import { OutboxEntry } from '../../src/notifications/outbox-entry.entity.js';
import type { Session } from '../helpers/auth.js';
import { waitFor } from '../helpers/processes.js';
import type { TestApp } from '../helpers/test-app.js';

export interface NotificationBody {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/** The caller's inbox (first 200). */
export async function inbox(t: TestApp, session: Session, query = ''): Promise<NotificationBody[]> {
  const res = await t.http().get(`/api/me/notifications?limit=200${query}`).set(session.auth);
  if (res.status !== 200) throw new Error(`inbox: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items as NotificationBody[];
}

/** Waits until the caller's inbox holds `count` notifications of this kind (matching `where`), returns them. */
export async function waitForInbox(
  t: TestApp,
  session: Session,
  kind: NotificationKind,
  count = 1,
  where: (n: NotificationBody) => boolean = () => true,
): Promise<NotificationBody[]> {
  let found: NotificationBody[] = [];
  await waitFor(
    async () => {
      found = (await inbox(t, session)).filter((n) => n.kind === kind && where(n));
      return found.length >= count;
    },
    20_000,
    `${count} ${kind} notification(s)`,
  );
  return found;
}

export const outboxEntries = (t: TestApp, where: FindOptionsWhere<OutboxEntry>) =>
  t.dataSource.getRepository(OutboxEntry).find({ where, order: { createdAt: 'ASC' } });

export const notificationRows = (t: TestApp, where: FindOptionsWhere<Notification>) =>
  t.dataSource.getRepository(Notification).find({ where, order: { createdAt: 'ASC' } });

/** Waits until the outbox entries matching `where` (and `filter`) exist and none is pending. */
export async function waitForOutboxSettled(
  t: TestApp,
  where: FindOptionsWhere<OutboxEntry> = {},
  filter: (e: OutboxEntry) => boolean = () => true,
): Promise<OutboxEntry[]> {
  let entries: OutboxEntry[] = [];
  await waitFor(
    async () => {
      entries = (await outboxEntries(t, where)).filter(filter);
      return entries.length > 0 && entries.every((e) => e.status !== 'pending');
    },
    20_000,
    'outbox entries delivered',
  );
  return entries;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
