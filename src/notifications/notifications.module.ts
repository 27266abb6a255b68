import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { MailerService } from './mailer.service.js';
import { NotificationAddressBook } from './notification-address-book.js';
import { NotificationDeliveryService } from './notification-delivery.service.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';
import { NotificationResolvers } from './notification-resolvers.js';
import { NotificationTemplates } from './notification-templates.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import { OutboxService } from './outbox.service.js';

/**
 * The inbox and e-mail preferences (/me/notifications…), the templates, the SMTP mailer, and the
 * delivery machinery: the outbox (recorded with its cause), its dispatcher to the notifications
 * queue, and the idempotent delivery. Knows no feature: each feature records entries through
 * OutboxService and tells how to deliver its kinds through NotificationResolvers.
 */
@Module({
  imports: [UsersModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    NotificationPreferencesService,
    NotificationTemplates,
    MailerService,
    NotificationResolvers,
    NotificationAddressBook,
    OutboxService,
    OutboxDispatcher,
    NotificationDeliveryService,
  ],
  exports: [
    NotificationsService,
    NotificationPreferencesService,
    NotificationTemplates,
    NotificationResolvers,
    NotificationAddressBook,
    OutboxService,
    OutboxDispatcher,
    NotificationDeliveryService,
  ],
})
export class NotificationsModule {}
