import { describe, expect, it } from '@jest/globals';
import { Injectable, Module, Scope } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { ParticipantActivityChanged, ParticipantErasing, UserCredentialsChanged } from './domain-event-map.js';
import { DomainEventsModule } from './domain-events.module.js';
import { DomainEvents } from './domain-events.service.js';
import { OnDomainEvent } from './on-domain-event.decorator.js';

/** What the handlers below did, in order. */
const log: string[] = [];
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Handles the required events, so that an application made of it starts. */
@Injectable()
class AccountsFeature {
  @OnDomainEvent('user.credentials-changed')
  async endSessions({ userId }: UserCredentialsChanged): Promise<void> {
    log.push(`accounts:start:${userId}`);
    await pause();
    log.push(`accounts:end:${userId}`);
  }

  @OnDomainEvent('participant.erasing')
  async forget({ participantId }: ParticipantErasing): Promise<void> {
    log.push(`accounts:erasing:${participantId}`);
  }

  @OnDomainEvent('participant.activity-changed')
  async recount({ participantIds }: ParticipantActivityChanged): Promise<void> {
    log.push(`accounts:activity:${participantIds.join(',')}`);
  }

  /** Not a handler: never called by the bus. */
  async unrelated(): Promise<void> {
    log.push('accounts:unrelated');
  }
}

@Module({ providers: [AccountsFeature], exports: [AccountsFeature] })
class AccountsModule {}

/** A feature built on accounts (it imports their module): its handlers run after theirs. */
@Injectable()
class AuditFeature {
  @OnDomainEvent('user.credentials-changed', 'participant.erasing')
  async record(payload: UserCredentialsChanged | ParticipantErasing): Promise<void> {
    if ('participantId' in payload && payload.participantId === 'refused') throw new Error('audit trail unavailable');
    log.push(`audit:${'userId' in payload ? payload.userId : payload.participantId}`);
  }
}

@Module({ imports: [AccountsModule], providers: [AuditFeature] })
class AuditModule {}

/** Handles only one of the two required events. */
@Injectable()
class HalfFeature {
  @OnDomainEvent('participant.erasing')
  async forget(): Promise<void> {}
}

@Injectable({ scope: Scope.REQUEST })
class PerRequestFeature {
  @OnDomainEvent('participant.erasing')
  async forget(): Promise<void> {}
}

async function start(imports: NonNullable<Parameters<typeof Test.createTestingModule>[0]['imports']>, providers: (new (...args: never[]) => unknown)[] = []) {
  const moduleRef = await Test.createTestingModule({ imports: [DomainEventsModule, ...imports], providers }).compile();
  const app = moduleRef.createNestApplication();
  await app.init();
  return app;
}

describe('DomainEvents', () => {
  it('finds the decorated methods at start-up and runs them in turn, deepest module first', async () => {
    const app = await start([AuditModule]);
    log.length = 0;
    await app.get(DomainEvents).emit('user.credentials-changed', { userId: 'u1' });
    // The first handler had finished (after a pause) before the next one began.
    expect(log).toEqual(['accounts:start:u1', 'accounts:end:u1', 'audit:u1']);

    log.length = 0;
    await app.get(DomainEvents).emit('participant.erasing', { participantId: 'p1' });
    expect(log).toEqual(['accounts:erasing:p1', 'audit:p1']);

    log.length = 0;
    await app.get(DomainEvents).emit('progress.milestone', { type: 'path_completed', enrollmentId: 'e', participantId: 'p', at: new Date() });
    expect(log).toEqual([]);
    await app.close();
  });

  it('type-checks the payload against the event name', async () => {
    const app = await start([AuditModule]);
    const events = app.get(DomainEvents);
    // @ts-expect-error the payload of user.credentials-changed has a userId
    await events.emit('user.credentials-changed', { participantId: 'p1' });
    // @ts-expect-error no such event
    await events.emit('user.renamed', { userId: 'u1' });
    await app.close();
  });

  it('lets a throwing handler fail the emit, and runs no handler after it', async () => {
    const app = await start([AuditModule]);
    log.length = 0;
    await expect(app.get(DomainEvents).emit('participant.erasing', { participantId: 'refused' })).rejects.toThrow('audit trail unavailable');
    expect(log).toEqual(['accounts:erasing:refused']);
    await app.close();
  });

  it('refuses to start when a required event has no handler, and names it', async () => {
    await expect(start([], [HalfFeature])).rejects.toThrow('Domain events without a handler: user.credentials-changed, participant.activity-changed');
    await expect(start([])).rejects.toThrow('Domain events without a handler: participant.erasing, user.credentials-changed, participant.activity-changed');
  });

  it('refuses a request-scoped handler, which it could not call', async () => {
    await expect(start([AccountsModule], [PerRequestFeature])).rejects.toThrow('PerRequestFeature.forget handles domain events but is request-scoped');
  });
});
