import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { MailerService } from './mailer.service.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';
import { NotificationTemplates } from './notification-templates.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';
import { OutboxDispatcher } from './outbox-dispatcher.service.js';
import { OutboxService } from './outbox.service.js';

/**
 * The inbox and e-mail preferences (/me/notifications…), the templates, the SMTP mailer, and the
 * outbox (recorded with its cause) with its dispatcher to the notifications queue. Knows no
 * feature: each feature records entries through OutboxService. The idempotent delivery
 * (NotificationDeliveryService) needs to know how to resolve every kind, so the module above the
 * features (RemindersModule) provides it with that map.
 */
@Module({
  imports: [UsersModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    NotificationPreferencesService,
    NotificationTemplates,
    MailerService,
    OutboxService,
    OutboxDispatcher,
  ],
  exports: [
    NotificationsService,
    NotificationPreferencesService,
    NotificationTemplates,
    MailerService,
    OutboxService,
    OutboxDispatcher,
  ],
})
export class NotificationsModule {}
