import { Inject, Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEventMap, DomainEventName } from '../../src/common/events/domain-event-map.js';
import { OnDomainEvent } from '../../src/common/events/on-domain-event.decorator.js';
import { TransactionRunner } from '../../src/database/transaction-runner.service.js';

/** One domain event as a handler saw it: in the use case's transaction or not, and its manager. */
export type Heard = {
  [K in DomainEventName]: { name: K; payload: DomainEventMap[K]; inTransaction: boolean; manager: EntityManager };
}[DomainEventName];

type Listener = (heard: Heard) => void | Promise<void>;

/** Every event name, checked against the map: a new event is heard by the probe too. */
const EVENT_NAMES = Object.keys({
  'booking.created': true,
  'booking.moved': true,
  'booking.cancelled': true,
  'booking.affected': true,
  'booking.completed': true,
  'booking.no-show': true,
  'machine.disrupted': true,
  'machine.status-changed': true,
  'progress.milestone': true,
  'participant.activity-changed': true,
  'participant.erasing': true,
  'user.credentials-changed': true,
} satisfies Record<DomainEventName, true>) as DomainEventName[];

/**
 * A handler of every domain event, found by the bus like the application's own handlers, for
 * specs that check what a use case emits and that a failing handler rolls it back. Tests add it
 * with `createTestApp({}, { imports: [DomainEventProbeModule] })` and `listen` while they need it.
 */
@Injectable()
export class DomainEventProbe {
  private readonly listeners: Listener[] = [];

  constructor(@Inject(TransactionRunner) private readonly tx: TransactionRunner) {}

  /** Calls `listener` for every event until the returned function is called; what it throws fails the use case. */
  listen(listener: Listener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  async heard(name: DomainEventName, payload: unknown): Promise<void> {
    const manager = this.tx.manager;
    const heard = { name, payload, manager, inTransaction: manager.queryRunner?.isTransactionActive === true } as Heard;
    for (const listener of [...this.listeners]) await listener(heard);
  }
}

for (const name of EVENT_NAMES) {
  const key = `on:${name}`;
  const descriptor = {
    value: async function (this: DomainEventProbe, payload: unknown) {
      await this.heard(name, payload);
    },
  };
  OnDomainEvent(name)(DomainEventProbe.prototype, key, descriptor);
  Object.defineProperty(DomainEventProbe.prototype, key, descriptor);
}

@Module({ providers: [DomainEventProbe] })
export class DomainEventProbeModule {}
