import { Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainEvents } from '../common/events/domain-events.service.js';
import { Clock } from '../common/time/clock.service.js';
import { TransactionRunner } from '../database/transaction-runner.service.js';
import { UsersService } from '../users/users.service.js';
import { EnrollmentStep } from './enrollment-step.entity.js';
import { Enrollment } from './enrollment.entity.js';
import { LearnerActivation } from './learner-activation.entity.js';
import { ParticipantAccess } from './participant-access.service.js';
import { Participant } from './participant.entity.js';
import { ProgressEvent } from './progress-event.entity.js';
import { Qualification } from './qualification.entity.js';

/**
 * GDPR erasure (right to be forgotten), in one transaction. Wiped in place: names, contact,
 * guardian, postcode, search keys, the free text and evidence of every progress event and step
 * state, the reasons given for revoking qualifications. The learner account is anonymised and closed (kept as a row, see UsersService). Kept,
 * pseudonymous: birth year, gender, audience, QPV, referring partner, consents, enrolments with
 * their dates and statuses, events with their dates, qualifications — so yearly counts do not
 * move. Every feature holding data about the person handles participant.erasing in the same
 * transaction (a required event: the application does not start without a handler). The participant then answers 404 everywhere and leaves every list.
 */
@Injectable()
export class ParticipantErasureService {
  private readonly logger = new Logger(ParticipantErasureService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: ParticipantAccess,
    private readonly users: UsersService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  async erase(participantId: string, actor: AuthUser): Promise<void> {
    await this.tx.run(async () => {
      await this.access.visible(participantId, actor);
      await this.tx.manager.getRepository(Participant).update(
        { id: participantId },
        {
          firstName: null,
          lastName: null,
          postcode: null,
          contactEmail: null,
          contactPhone: null,
          guardianName: null,
          guardianPhone: null,
          guardianEmail: null,
          nameKey: null,
          identityKey: null,
          erasedAt: this.clock.now(),
        },
      );
      await this.tx.manager.getRepository(ProgressEvent).update({ participantId }, { note: null, evidenceUrl: null });
      await this.tx.manager.getRepository(Qualification).update({ participantId }, { revokeReason: null });
      const enrollmentIds = (await this.tx.manager.getRepository(Enrollment).find({ select: { id: true }, where: { participantId } })).map(
        (e) => e.id,
      );
      if (enrollmentIds.length > 0) {
        await this.tx.manager
          .getRepository(EnrollmentStep)
          .update({ enrollmentId: In(enrollmentIds) }, { evidenceUrl: null, evidenceNote: null, rejectionReason: null });
      }
      const account = await this.users.findLearnerAccount(participantId);
      if (account) {
        await this.tx.manager.getRepository(LearnerActivation).delete({ userId: account.user.id });
        await this.users.anonymiseLearnerAccount(participantId);
      }
      await this.events.emit('participant.erasing', { participantId });
    });
    await this.tx.checkpoint();
    this.logger.log({ participantId, by: actor.id }, 'participant erased');
  }
}
