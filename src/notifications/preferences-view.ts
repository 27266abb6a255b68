import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification-kind.js';

/** GET/PUT /me/notification-preferences: per kind, whether it is also sent by e-mail. */
export class PreferencesView {
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, { type: 'boolean' }])),
    required: [...NOTIFICATION_KINDS],
    additionalProperties: false,
  })
  email: Record<NotificationKind, boolean>;
}
