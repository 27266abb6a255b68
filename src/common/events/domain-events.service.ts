import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { type DomainEventMap, type DomainEventName, REQUIRED_DOMAIN_EVENTS } from './domain-event-map.js';
import { DOMAIN_EVENT_HANDLER } from './on-domain-event.decorator.js';

interface Handler {
  /** `Class.method`, for errors. */
  name: string;
  call: (payload: unknown) => Promise<void>;
}

/**
 * The one bus of domain events (their names and payloads: domain-event-map.ts). `emit` runs the
 * handlers one after the other in the caller's transaction: what they write commits or rolls back
 * with the use case, and a handler that throws fails it.
 *
 * Handlers are the provider methods marked `@OnDomainEvent`, found at start-up with Nest's
 * DiscoveryService. They run in the order Nest initialises modules — the most deeply imported
 * first — so a feature reacts after the features it builds on (at erasure, bookings cancel the
 * person's bookings before reminders drop what those cancellations queued).
 *
 * Our own rather than @nestjs/event-emitter: its emitAsync awaits the listeners of one event
 * together, while ours share one transaction (one connection on SQLite) and must run in turn; it
 * has no required events; and it would be one more Nest add-on to prove under native ESM jest.
 * All it would give us is these sixty lines.
 */
@Injectable()
export class DomainEvents implements OnModuleInit {
  private handlers?: Map<DomainEventName, Handler[]>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /** Refuses to start when a required event (REQUIRED_DOMAIN_EVENTS) has no handler. */
  onModuleInit(): void {
    const handlers = this.table();
    const missing = REQUIRED_DOMAIN_EVENTS.filter((name) => !handlers.get(name)?.length);
    if (missing.length > 0) throw new Error(`Domain events without a handler: ${missing.join(', ')}`);
  }

  /** Runs every handler of the event in turn, inside the caller's transaction. */
  async emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): Promise<void> {
    for (const handler of this.table().get(name) ?? []) await handler.call(payload);
  }

  /** The handlers of each event, discovered once (on first use: a module may emit while others initialise). */
  private table(): Map<DomainEventName, Handler[]> {
    if (this.handlers) return this.handlers;
    const handlers = new Map<DomainEventName, Handler[]>();
    const seen = new Set<object>();
    const wrappers = this.discovery
      .getProviders()
      .map((wrapper, index) => ({ wrapper, index, distance: wrapper.host?.distance ?? 0 }))
      // As Nest's lifecycle hooks: deepest module first; ties keep the modules' own order.
      .sort((a, b) => b.distance - a.distance || a.index - b.index);
    for (const { wrapper } of wrappers) {
      const instance = wrapper.instance as Record<string, unknown> | null | undefined;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const key of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[key] as ((payload: unknown) => Promise<void>) | undefined;
        const names = typeof method === 'function' ? (Reflect.getMetadata(DOMAIN_EVENT_HANDLER, method) as DomainEventName[] | undefined) : undefined;
        if (!names || !method) continue;
        const name = `${instance.constructor.name}.${key}`;
        if (!wrapper.isDependencyTreeStatic()) throw new Error(`${name} handles domain events but is request-scoped`);
        for (const event of names) {
          const list = handlers.get(event) ?? [];
          list.push({ name, call: (payload) => method.call(instance, payload) });
          handlers.set(event, list);
        }
      }
    }
    this.handlers = handlers;
    return handlers;
  }
}
