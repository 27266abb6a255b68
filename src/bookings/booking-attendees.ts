import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { MachineCategory } from '../common/machine-category.js';
import { ParticipantAccess } from '../participants/participant-access.js';
import { QualificationsService } from '../participants/qualifications.service.js';

/** What bookings ask the participants feature about attendees. */
@Injectable()
export class BookingAttendees {
  constructor(
    private readonly access: ParticipantAccess,
    private readonly qualifications: QualificationsService,
  ) {}

  /**
   * 400 VALIDATION_FAILED naming `field` when an id is no participant the caller may see (an
   * unknown id and someone out of the caller's scope read the same: no existence oracle).
   */
  async assertKnown(participantIds: string[], user: AuthUser, field = 'participantIds'): Promise<void> {
    // A learner's own participant exists while their account does (erasure removes the account).
    if (user.role === 'learner' && participantIds.every((id) => id === user.participantId)) return;
    const visible = await this.access.visibleIds(participantIds, user);
    const unknown = participantIds.filter((id) => !visible.has(id));
    if (unknown.length > 0) {
      throw DomainError.validation([{ field, message: `no participant you may book for has the id ${unknown.join(', ')}` }]);
    }
  }

  /** Those of `participantIds` without a valid qualification for `category` at `at`. */
  async unqualified(participantIds: string[], category: MachineCategory, at: Date): Promise<string[]> {
    return this.qualifications.unqualified(participantIds, category, at);
  }
}
