import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntitySubscriberInterface, InsertEvent, RemoveEvent, UpdateEvent } from 'typeorm';
import { TransactionRunner } from './transaction-runner.service.js';

/** A write that ran outside `TransactionRunner.run`: the entity and where it came from. */
export interface WriteOutsideTransaction {
  entity: string;
  stack: string;
}

/** Kept for inspection; a process that writes outside transactions says so in its log anyway. */
const KEPT = 20;

/**
 * On SQLite TypeORM shares one connection: a write made outside `TransactionRunner.run` runs
 * inside whichever transaction another request has open on it, and vanishes if that one rolls
 * back (a notification marked read, then unread again). Every write must go through `run`; this
 * subscriber notices the ones that don't — a warning in the log (once per entity, without data)
 * and a list the tests check (test/helpers/test-app.ts fails the spec whose application wrote
 * outside a transaction). Nothing on PostgreSQL, where a lone statement is its own transaction.
 */
@Injectable()
export class WritesOutsideTransactions implements EntitySubscriberInterface {
  private readonly logger = new Logger('Transactions');
  private readonly warned = new Set<string>();
  readonly seen: WriteOutsideTransaction[] = [];

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {
    if (tx.isSqlite) dataSource.subscribers.push(this);
  }

  afterInsert(event: InsertEvent<unknown>): void {
    this.check(event);
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    this.check(event);
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    this.check(event);
  }

  afterSoftRemove(event: RemoveEvent<unknown>): void {
    this.check(event);
  }

  /**
   * A write outside the caller's transaction counts when another of the runner's is open (it
   * joined it) or when none is open at all (the same code, a moment later, would). Not counted: a
   * transaction opened without the runner, with none of the runner's running (the data set
   * generator's bulk inserts in a command-line tool).
   */
  private check(event: InsertEvent<unknown> | UpdateEvent<unknown> | RemoveEvent<unknown>): void {
    if (this.tx.inTransaction) return;
    if (event.queryRunner?.isTransactionActive && !this.tx.anyOpen) return;
    const entity = event.metadata.name;
    if (this.seen.length < KEPT) {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 60;
      const stack = new Error('write outside TransactionRunner.run').stack ?? '';
      Error.stackTraceLimit = limit;
      this.seen.push({ entity, stack });
    }
    if (!this.warned.has(entity)) {
      this.warned.add(entity);
      this.logger.warn({ entity }, 'write outside TransactionRunner.run: on SQLite it joins whatever transaction is open');
    }
  }
}
