import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { BookingsModule } from '../bookings/bookings.module.js';
import { LearningPathsModule } from '../learning-paths/learning-paths.module.js';
import { MachinesModule } from '../machines/machines.module.js';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { AccountController } from './account/account.controller.js';
import { NotificationsPageController } from './account/notifications.controller.js';
import { ReportProblemController } from './account/report-problem.controller.js';
import { SignInController } from './account/sign-in.controller.js';
import { LearnerBookingsController } from './learner/bookings.controller.js';
import { QualificationsController } from './learner/qualifications.controller.js';
import { StaffController } from './staff/staff.controller.js';
import { ProgressController } from './learner/progress.controller.js';
import { CsrfTokensService } from './shell/csrf-tokens.service.js';
import { FrenchDates } from './shell/french.js';
import { StaticController } from './shell/static.controller.js';
import { WebSessionGuard } from './shell/web-session.guard.js';
import { WebSessionService } from './shell/web-session.service.js';

/**
 * The web app for people, above the features (like the API's controllers): its pages call the
 * features' services with the same permission and scoping rules, never a copy of them.
 */
@Module({
  imports: [AuthModule, ParticipantsModule, BookingsModule, MachinesModule, MaintenanceModule, NotificationsModule, LearningPathsModule, PartnersModule],
  controllers: [
    SignInController,
    StaticController,
    ProgressController,
    QualificationsController,
    LearnerBookingsController,
    NotificationsPageController,
    ReportProblemController,
    AccountController,
    StaffController,
  ],
  providers: [WebSessionService, CsrfTokensService, WebSessionGuard, FrenchDates],
})
export class WebModule {}
