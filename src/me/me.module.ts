import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import { LearnerProgressService } from './learner-progress.service.js';
import { MeProgressController } from './me-progress.controller.js';

/**
 * A learner's own dashboard (GET /me/progress, and the web app's learner pages): read above the
 * features it combines — participants (enrolments, qualifications), bookings (the coming ones),
 * notifications (how many are unread) — so none of them depends on another for it.
 */
@Module({
  imports: [ParticipantsModule, BookingsModule, NotificationsModule],
  controllers: [MeProgressController],
  providers: [LearnerProgressService],
  exports: [LearnerProgressService],
})
export class MeModule {}
