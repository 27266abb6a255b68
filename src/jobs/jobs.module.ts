import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { AdminJobsController } from './admin-jobs.controller.js';
import { QueueDashboard } from './queue-dashboard.service.js';
import { SweepRunner } from './sweep-runner.service.js';

/**
 * Jobs plumbing, above the features whose work runs as jobs: the sweep runner (a sweep by its job
 * name, for the schedulers and POST /admin/jobs/:name/run) and the admins' queue dashboard. The
 * processors live in JobsWorkersModule; queue names, job names and options in
 * common/queues/queues.constants.ts.
 */
@Module({
  imports: [AuthModule, NotificationsModule, RemindersModule],
  controllers: [AdminJobsController],
  providers: [SweepRunner, QueueDashboard],
  exports: [SweepRunner, QueueDashboard],
})
export class JobsModule {}
