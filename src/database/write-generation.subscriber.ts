import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';

/**
 * A number that changes whenever this process writes to the database: after every insert,
 * update or removal through TypeORM (repositories and query builders alike) and at the end of
 * every transaction, committed or rolled back. Something read from the database while the
 * generation was g is still what the database holds, as far as this process's writes go, as long
 * as the generation is still g. Writes of other processes are not seen: a cache built on this also
 * bounds its age. (The code writes nothing through raw SQL, which would go unseen.)
 */
@Injectable()
export class WriteGeneration implements EntitySubscriberInterface {
  private value = 0;

  constructor(@InjectDataSource() dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  get current(): number {
    return this.value;
  }

  /** For what the events miss: a transaction that failed (its ROLLBACK may itself have failed, silently). */
  bump(): void {
    this.value++;
  }

  afterInsert(): void {
    this.value++;
  }

  afterUpdate(): void {
    this.value++;
  }

  afterRemove(): void {
    this.value++;
  }

  afterSoftRemove(): void {
    this.value++;
  }

  afterRecover(): void {
    this.value++;
  }

  afterTransactionCommit(): void {
    this.value++;
  }

  afterTransactionRollback(): void {
    this.value++;
  }
}
