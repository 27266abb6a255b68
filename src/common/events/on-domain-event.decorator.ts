import type { DomainEventMap, DomainEventName } from './domain-event-map.js';

/** Where `@OnDomainEvent` records the event names on the handler method. */
export const DOMAIN_EVENT_HANDLER = 'fablab:domain-event-handler';

/**
 * Marks a method of a provider as a handler of one or more domain events; DomainEvents finds it
 * at start-up. The method takes the payload only (one of several events: it takes any of their
 * payloads) and works in the ambient transaction of the use case (TransactionRunner), which it
 * fails by throwing.
 */
export function OnDomainEvent<K extends DomainEventName>(...names: [K, ...K[]]) {
  return (
    _target: object,
    _key: string | symbol,
    descriptor: { value?: (payload: DomainEventMap[K]) => Promise<void> },
  ): void => {
    const method = descriptor.value as object;
    const already = (Reflect.getMetadata(DOMAIN_EVENT_HANDLER, method) as DomainEventName[] | undefined) ?? [];
    Reflect.defineMetadata(DOMAIN_EVENT_HANDLER, [...already, ...names], method);
  };
}
