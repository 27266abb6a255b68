import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { NotificationDeliveryProcessor } from './notification-delivery.processor.js';
import { RemindersModule } from './reminders.module.js';
import { SweepsProcessor } from './sweeps.processor.js';

/** The processors of notifications and sweeps. Loaded only when RUN_MODE is `all` or `worker`. */
@Module({
  imports: [NotificationsModule, RemindersModule],
  providers: [NotificationDeliveryProcessor, SweepsProcessor],
})
export class RemindersWorkersModule {}
