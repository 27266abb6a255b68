import { type MiddlewareConsumer, Module, type NestModule, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { AuthModule } from '../auth/auth.module.js';
import { BookingsModule } from '../bookings/bookings.module.js';
import { GdprModule } from '../gdpr/gdpr.module.js';
import { LearningPathsModule } from '../learning-paths/learning-paths.module.js';
import { MachineOverviewModule } from '../machine-overview/machine-overview.module.js';
import { MachinesModule } from '../machines/machines.module.js';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { MeModule } from '../me/me.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { StatsModule } from '../stats/stats.module.js';
import { AccountController } from './account/account.controller.js';
import { NotificationsPageController } from './account/notifications.controller.js';
import { ReportProblemController } from './account/report-problem.controller.js';
import { SignInController } from './account/sign-in.controller.js';
import { LearnerBookingsController } from './learner/bookings.controller.js';
import { QualificationsController } from './learner/qualifications.controller.js';
import { AdminPagesController } from './admin/admin.controller.js';
import { MachinePageLoader } from './machines/machine-page.loader.js';
import { MachineToolsController } from './machines/machine-tools.controller.js';
import { MachinePagesController } from './machines/machines.controller.js';
import { MaintenancePagesController } from './machines/maintenance.controller.js';
import { ReportPageController } from './staff/report.controller.js';
import { ParticipantsPagesController } from './staff/participants.controller.js';
import { TargetPageController } from './target/target.controller.js';
import { TodayController } from './staff/today.controller.js';
import { ValidationsController } from './staff/validations.controller.js';
import { TrainerBookingController } from './trainer/booking.controller.js';
import { BookingRefusals } from './trainer/booking-refusals.service.js';
import { SessionController } from './trainer/session.controller.js';
import { TrainerController } from './trainer/trainer.controller.js';
import { PhotoFormMiddleware } from './staff/photo-form.middleware.js';
import { EvidencePhotoPagesController } from './staff/evidence-photos.controller.js';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { WebExceptionFilter } from './shell/web-exception.filter.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ProgressController } from './learner/progress.controller.js';
import { CsrfTokensService } from './shell/csrf-tokens.service.js';
import { FrenchDates } from './shell/french-dates.service.js';
import { StaticController } from './shell/static.controller.js';
import { WebSessionGuard } from './shell/web-session.guard.js';
import { WebSessionService } from './shell/web-session.service.js';

/**
 * The web app for people, above the features (like the API's controllers): its pages call the
 * features' services with the same permission and scoping rules, never a copy of them.
 */
@Module({
  imports: [AuthModule, EvidenceModule, GdprModule, ParticipantsModule, BookingsModule, MeModule, MachinesModule, MachineOverviewModule, MaintenanceModule, NotificationsModule, LearningPathsModule, PartnersModule, SettingsModule, StatsModule],
  controllers: [
    SignInController,
    StaticController,
    ProgressController,
    QualificationsController,
    LearnerBookingsController,
    NotificationsPageController,
    ReportProblemController,
    AccountController,
    TodayController,
    ParticipantsPagesController,
    ReportPageController,
    MachinePagesController,
    MaintenancePagesController,
    MachineToolsController,
    ValidationsController,
    SessionController,
    TrainerController,
    TrainerBookingController,
    TargetPageController,
    AdminPagesController,
    EvidencePhotoPagesController,
  ],
  providers: [WebSessionService, CsrfTokensService, WebSessionGuard, FrenchDates, MachinePageLoader, BookingRefusals],
})
export class WebModule implements OnApplicationBootstrap, NestModule {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Forms with a photo (multipart) are read before the session guard checks their CSRF token. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(PhotoFormMiddleware).forRoutes(ValidationsController);
  }

  /**
   * An address that is neither the API's nor a page's: Nest answers its own prefix; the rest
   * would get Express's bare "Cannot GET". Registered once the routes are, so it comes last.
   */
  onApplicationBootstrap(): void {
    const pages = new WebExceptionFilter();
    const express = this.adapterHost.httpAdapter?.getInstance<{ use: (handler: (req: Request, res: Response, next: NextFunction) => void) => void }>();
    express?.use((req, res) => pages.catch(DomainError.notFound('Page'), { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as never));
  }
}
