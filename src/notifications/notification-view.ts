import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification-kind.js';
import type { Notification } from './notification.entity.js';

export class NotificationView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind' })
  kind: NotificationKind;

  @ApiProperty({ description: 'in the fablab’s language (NOTIFICATION_LOCALE)' })
  title: string;

  @ApiProperty()
  body: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the ids a client links to: bookingId, machineId, enrollmentId, planId, workOrderId, qualificationId…',
    example: { bookingId: '5f0c2a8e-4b1d-4c3e-9a57-2f7d1b6e8c90' },
  })
  data: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readAt: string | null;
}

export const toNotificationView = (n: Notification): NotificationView => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  data: n.data,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});
