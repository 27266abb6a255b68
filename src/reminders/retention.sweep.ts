import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { BookingUseService } from '../bookings/booking-use.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AppConfig } from '../config/app-config.js';
import { ParticipantActivityService } from '../participants/participant-activity.service.js';
import { ParticipantErasureService } from '../participants/participant-erasure.service.js';

export interface RetentionOutcome {
  retentionYears: number;
  inactive: number;
  anonymised: number;
}

/** Who erases, as far as the erasure is concerned: the system, with an admin's reach. No account. */
const RETENTION_ACTOR: AuthUser = {
  id: '00000000-0000-4000-8000-000000000000',
  role: 'admin',
  displayName: 'Rétention automatique',
  partnerId: null,
  participantId: null,
};

/**
 * The daily retention sweep (GDPR storage limitation): participants with no activity for
 * RETENTION_YEARS (registration, enrolment, progress, qualification, attendance at a booking) are
 * anonymised by the same
 * erasure as DELETE /participants/:id — their statistical profile stays, so yearly counts do
 * not move. Erased participants are no longer candidates: a second run does nothing.
 */
@Injectable()
export class RetentionSweep {
  private readonly logger = new Logger(RetentionSweep.name);

  constructor(
    private readonly config: AppConfig,
    private readonly activity: ParticipantActivityService,
    private readonly erasure: ParticipantErasureService,
    private readonly bookingUse: BookingUseService,
  ) {}

  async run(now: Date): Promise<RetentionOutcome> {
    const cutoff = DateTime.fromJSDate(now, { zone: this.config.timezone }).minus({ years: this.config.retentionYears }).toJSDate();
    const attended = new Set((await this.bookingUse.attendancesBetween(cutoff, now)).map((a) => a.participantId));
    const candidates = (await this.activity.inactiveSince(cutoff)).filter((id) => !attended.has(id));
    let anonymised = 0;
    for (const participantId of candidates) {
      await this.erasure.erase(participantId, RETENTION_ACTOR);
      anonymised++;
    }
    const outcome = { retentionYears: this.config.retentionYears, inactive: candidates.length, anonymised };
    if (anonymised > 0) this.logger.log(outcome, 'retention sweep');
    return outcome;
  }
}
