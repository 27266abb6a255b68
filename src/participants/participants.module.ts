import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { LearningPathsModule } from '../learning-paths/learning-paths.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { ActivationController } from './activation.controller.js';
import { EnrollmentViewsService } from './enrollment-views.service.js';
import { EnrollmentsController } from './enrollments.controller.js';
import { EnrollmentsService } from './enrollments.service.js';
import { LearnerAccountsService } from './learner-accounts.service.js';
import { ParticipantAccess } from './participant-access.service.js';
import { ParticipantActivityService } from './participant-activity.service.js';
import { ParticipantErasureService } from './participant-erasure.service.js';
import { ParticipantRecordExportService } from './participant-record-export.service.js';
import { ParticipantsController } from './participants.controller.js';
import { ParticipantsService } from './participants.service.js';
import { ParticipantTimelineService } from './participant-timeline.service.js';
import { QualificationsController } from './qualifications.controller.js';
import { QualificationsService } from './qualifications.service.js';
import { StepProgressService } from './step-progress.service.js';
import { StepValidationsService } from './step-validations.service.js';

/**
 * Participants, their enrolments and progress, qualifications, learner accounts and GDPR.
 * Exported for later features and the modules above them (me/, gdpr/): qualifications (bookings
 * check them), who may see whom, progress, the person's own part of the export, erasure itself
 * (the retention sweep) and ParticipantActivityService (what sweeps read about participants).
 */
@Module({
  imports: [AuthModule, PartnersModule, LearningPathsModule],
  controllers: [
    ParticipantsController,
    EnrollmentsController,
    QualificationsController,
    ActivationController,
  ],
  providers: [
    ParticipantAccess,
    ParticipantsService,
    EnrollmentViewsService,
    EnrollmentsService,
    StepProgressService,
    StepValidationsService,
    QualificationsService,
    LearnerAccountsService,
    ParticipantRecordExportService,
    ParticipantErasureService,
    ParticipantActivityService,
    ParticipantTimelineService,
  ],
  exports: [
    LearnerAccountsService,
    StepProgressService,
    StepValidationsService,
    EnrollmentsService,
    ParticipantRecordExportService,
    ParticipantAccess,
    ParticipantsService,
    QualificationsService,
    ParticipantActivityService,
    ParticipantErasureService,
    ParticipantTimelineService,
  ],
})
export class ParticipantsModule {}
