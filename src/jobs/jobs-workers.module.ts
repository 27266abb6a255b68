import { Module } from '@nestjs/common';
import { NotificationDeliveryProcessor } from '../notifications/notification-delivery.processor.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { JobsModule } from './jobs.module.js';
import { SweepsProcessor } from './sweeps.processor.js';

/** The processors of notifications and sweeps. Loaded only when RUN_MODE is `all` or `worker`. */
@Module({
  imports: [NotificationsModule, RemindersModule, JobsModule],
  providers: [NotificationDeliveryProcessor, SweepsProcessor],
})
export class JobsWorkersModule {}
