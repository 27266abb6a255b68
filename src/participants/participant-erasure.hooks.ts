import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Runs inside the erasure transaction: wipe the feature's free text about the person, record
 * what its queued jobs must drop (bookings, notifications, reminders register here).
 */
export type ParticipantErasureHook = (participantId: string, manager: EntityManager) => Promise<void>;

/** Where later features plug into GDPR erasure (DELETE /participants/:id). */
@Injectable()
export class ParticipantErasureHooks {
  private readonly hooks: { feature: string; hook: ParticipantErasureHook }[] = [];

  register(feature: string, hook: ParticipantErasureHook): void {
    this.hooks.push({ feature, hook });
  }

  async run(participantId: string, manager: EntityManager): Promise<void> {
    for (const { hook } of this.hooks) await hook(participantId, manager);
  }
}
