import { ApiProperty } from '@nestjs/swagger';

/** What POST /me/notifications/read-all answers. */
export class ReadAllView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'how many notifications were unread' })
  updated: number;
}
