import { Injectable } from '@nestjs/common';
import { type EntityManager, In, type Repository } from 'typeorm';
import { RawWriter } from '../database/raw-writer.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import type { NotificationKind } from './notification-kind.js';
import { type OutboxData, OutboxEntry } from './outbox-entry.entity.js';
import { OutboxDispatcher } from './outbox-dispatcher.service.js';
import { outboxJobId } from '../common/queues/queues.constants.js';

/** Something to notify, as its cause records it. */
export interface OutboxRecord {
  kind: NotificationKind;
  subjectType: string;
  subjectId: string;
  /** One user; omitted: the kind's recipients, resolved at delivery. */
  recipientId?: string | null;
  /** When to deliver; now by default (a past instant means now). */
  dueAt?: Date;
  /** Identifies the cause: recording the same key again records nothing. */
  dedupeKey: string;
  /** The queue job id; `outbox-<id>` by default. Never contains ":". */
  jobId?: string;
  /** Ids and numbers only. */
  data?: OutboxData;
}

/**
 * Records what must be notified in the caller's transaction (the outbox), and hands it to the
 * queue once that transaction commits. If Redis cannot take it then, it stays recorded and the
 * reconcile sweep enqueues it later: never lost. Recording is idempotent by `dedupeKey`.
 *
 * An entry without a due time is due at once in real time (`new Date()`, not the Clock): the
 * queue's delay and the worker's early check count in real time (OutboxDispatcher).
 */
@Injectable()
export class OutboxService {
  /** Entries of recordNew, per transaction (its manager), enqueued together once it commits. */
  private readonly newEntries = new WeakMap<EntityManager, OutboxEntry[]>();

  constructor(
    private readonly tx: TransactionRunner,
    private readonly dispatcher: OutboxDispatcher,
    private readonly writer: RawWriter,
  ) {}

  private get entries(): Repository<OutboxEntry> {
    return this.tx.manager.getRepository(OutboxEntry);
  }

  /**
   * Records an entry unless one with its dedupe key exists. Returns the entry and whether this call
   * created it (of two concurrent callers, exactly one gets `created: true`).
   */
  async record(record: OutboxRecord): Promise<{ entry: OutboxEntry; created: boolean }> {
    return this.tx.run(async () => {
      const repository = this.tx.manager.getRepository(OutboxEntry);
      const candidate = this.build(repository, record);
      await this.tx.manager.createQueryBuilder().insert().into(OutboxEntry).values(candidate).orIgnore().execute();
      const entry = await repository.findOneByOrFail({ dedupeKey: record.dedupeKey });
      const created = entry.id === candidate.id;
      if (created) await this.tx.afterCommit(() => this.dispatcher.enqueueQuietly(entry));
      return { entry, created };
    });
  }

  /**
   * Records entries whose causes were born in the caller's transaction (a new booking's
   * reminders): their dedupe keys name that cause, so none can exist yet and they are inserted
   * in one statement, unread. After commit, every entry recorded so in the transaction goes to
   * the queue in one Redis round trip.
   */
  async recordNew(records: OutboxRecord[]): Promise<OutboxEntry[]> {
    if (records.length === 0) return [];
    return this.tx.run(async () => {
      const now = new Date();
      const entries = records.map((record) => Object.assign(this.build(this.tx.manager.getRepository(OutboxEntry), record), { createdAt: now, updatedAt: now }));
      await this.insertNew(entries);
      let batch = this.newEntries.get(this.tx.manager);
      if (!batch) {
        const entriesOfThisTransaction: OutboxEntry[] = [];
        batch = entriesOfThisTransaction;
        this.newEntries.set(this.tx.manager, batch);
        await this.tx.afterCommit(() => this.dispatcher.enqueueNewQuietly(entriesOfThisTransaction));
      }
      batch.push(...entries);
      return entries;
    });
  }

  /**
   * Records or re-plans a mutable entry (a booking reminder follows its booking): when the entry
   * exists, its due time and data are replaced and it is pending again — unless it was already
   * delivered with exactly this data, which is kept as is. Its job is replaced after commit.
   */
  async schedule(record: OutboxRecord): Promise<OutboxEntry> {
    return this.tx.run(async () => {
      const { entry, created } = await this.record(record);
      if (created) return entry;
      const dueAt = record.dueAt ?? new Date();
      const data = record.data ?? {};
      const sameData = JSON.stringify(entry.data) === JSON.stringify(data);
      if (entry.status === 'sent' && sameData) return entry;
      if (entry.status === 'pending' && sameData && entry.dueAt.getTime() === dueAt.getTime()) return entry;
      entry.dueAt = dueAt;
      entry.data = data;
      entry.status = 'pending';
      entry.outcome = null;
      entry.processedAt = null;
      entry.attempts = 0;
      const saved = await this.tx.manager.getRepository(OutboxEntry).save(entry);
      await this.tx.afterCommit(() => this.dispatcher.enqueueQuietly(saved));
      return saved;
    });
  }

  /** The entry of this dedupe key if it is still waiting to be delivered. */
  async findPending(dedupeKey: string): Promise<OutboxEntry | null> {
    return this.entries.findOneBy({ dedupeKey, status: 'pending' });
  }

  /** Adds ids learnt after recording (the work order the sweep opened) to an entry's data. */
  async attachData(entry: OutboxEntry, data: OutboxData): Promise<void> {
    entry.data = { ...entry.data, ...data };
    await this.entries.update({ id: entry.id }, { data: entry.data });
  }

  /**
   * Marks the pending entries matching `where` skipped (the cause became moot: a booking
   * cancelled, a person erased) and removes their jobs after commit. Returns how many.
   */
  async skipPending(
    where: {
      subjectType?: string;
      subjectId?: string | string[];
      recipientId?: string;
      kinds?: NotificationKind[];
      dedupeKeys?: string[];
    },
    outcome: string,
  ): Promise<number> {
    const repository = this.entries;
    const found = await repository.find({
      where: {
        status: 'pending',
        ...(where.subjectType ? { subjectType: where.subjectType } : {}),
        ...(where.subjectId ? { subjectId: Array.isArray(where.subjectId) ? In(where.subjectId) : where.subjectId } : {}),
        ...(where.recipientId ? { recipientId: where.recipientId } : {}),
        ...(where.kinds ? { kind: In(where.kinds) } : {}),
        ...(where.dedupeKeys ? { dedupeKey: In(where.dedupeKeys) } : {}),
      },
    });
    if (found.length === 0) return 0;
    await repository.update({ id: In(found.map((e) => e.id)), status: 'pending' }, { status: 'skipped', outcome, processedAt: new Date() });
    await this.tx.afterCommit(() => this.dispatcher.dequeueQuietly(found));
    return found.length;
  }

  /**
   * New entries in one hand-written statement (RawWriter): every booking creation runs it inside
   * its transaction, where TypeORM's insert builder cost more than the insert itself.
   */
  private async insertNew(entries: OutboxEntry[]): Promise<void> {
    const parameters: Record<string, unknown> = {};
    const rows = entries.map((entry, i) => {
      Object.assign(parameters, this.writer.values(OutboxEntry, entry, `e${i}_`));
      return `(:e${i}_id, :e${i}_kind, :e${i}_subjectType, :e${i}_subjectId, :e${i}_recipientId, :e${i}_dueAt, :e${i}_status, :e${i}_dedupeKey, :e${i}_jobId, :e${i}_attempts, :e${i}_data, :e${i}_createdAt, :e${i}_updatedAt)`;
    });
    await this.writer.run(
      `INSERT INTO outbox (id, kind, subject_type, subject_id, recipient_id, due_at, status, dedupe_key, job_id, attempts, data, created_at, updated_at)
       VALUES ${rows.join(', ')}`,
      parameters,
    );
  }

  private build(repository: Repository<OutboxEntry>, record: OutboxRecord): OutboxEntry {
    const entry = repository.create({
      kind: record.kind,
      subjectType: record.subjectType,
      subjectId: record.subjectId,
      recipientId: record.recipientId ?? null,
      dueAt: record.dueAt ?? new Date(),
      status: 'pending',
      dedupeKey: record.dedupeKey,
      attempts: 0,
      data: record.data ?? {},
      outcome: null,
      processedAt: null,
    });
    entry.jobId = record.jobId ?? outboxJobId(entry.id);
    if (entry.jobId.includes(':')) throw new Error(`job id ${entry.jobId} contains ":"`);
    return entry;
  }
}
