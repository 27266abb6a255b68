import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AccessTokenGuard } from './auth/access-token.guard.js';
import { AuthWorkersModule } from './auth/auth-workers.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BookingsModule } from './bookings/bookings.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { DomainEventsModule } from './common/events/domain-events.module.js';
import { validationExceptionFactory } from './common/errors/validation-exception.factory.js';
import { InputSafetyPipe } from './common/http/input-safety.pipe.js';
import { loggerOptions } from './common/logging/logger-options.js';
import { QueuesModule } from './common/queues/queues.module.js';
import { ClockModule } from './common/time/clock.module.js';
import { AppConfig } from './config/app-config.js';
import { DatabaseModule } from './database/database.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { GdprModule } from './gdpr/gdpr.module.js';
import { HealthModule } from './health/health.module.js';
import { JobsWorkersModule } from './jobs/jobs-workers.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MachineOverviewModule } from './machine-overview/machine-overview.module.js';
import { MachinesModule } from './machines/machines.module.js';
import { MaintenanceModule } from './maintenance/maintenance.module.js';
import { MeModule } from './me/me.module.js';
import { LearningPathsModule } from './learning-paths/learning-paths.module.js';
import { ParticipantsModule } from './participants/participants.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PartnersModule } from './partners/partners.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { StatsModule } from './stats/stats.module.js';
import { UsersModule } from './users/users.module.js';
import { WebModule } from './web/web.module.js';

/** Feature modules serving HTTP. */
const API_MODULES = [
  AuthModule,
  UsersModule,
  PartnersModule,
  HealthModule,
  SettingsModule,
  MachinesModule,
  MaintenanceModule,
  LearningPathsModule,
  ParticipantsModule,
  BookingsModule,
  MachineOverviewModule,
  MeModule,
  EvidenceModule,
  GdprModule,
  StatsModule,
  NotificationsModule,
  RemindersModule,
  JobsModule,
  WebModule,
];

/** Modules that hold queue processors: loaded when RUN_MODE is `all` or `worker`. */
const WORKER_MODULES = [AuthWorkersModule, JobsWorkersModule];

@Module({})
export class AppModule {
  /**
   * The whole application for one configuration. main.ts passes the checked environment;
   * tests pass their own (database, queue prefix), so they run exactly what production runs.
   */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        { module: AppConfigHolder, global: true, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] },
        LoggerModule.forRoot(loggerOptions(config)),
        ClockModule,
        DatabaseModule,
        DomainEventsModule,
        QueuesModule,
        ...API_MODULES,
        ...(config.runsWorkers ? WORKER_MODULES : []),
      ],
      providers: [
        // Before validation: NUL characters and absurdly deep JSON never reach the DTOs or the database.
        { provide: APP_PIPE, useClass: InputSafetyPipe },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
            exceptionFactory: validationExceptionFactory,
          }),
        },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_GUARD, useClass: AccessTokenGuard },
      ],
    };
  }
}

/** Holds the AppConfig given to AppModule.forRoot, globally. */
@Module({})
class AppConfigHolder {}
