import { ApiProperty } from '@nestjs/swagger';

/** What POST /me/calendar-token answers. */
export class CalendarTokenView {
  @ApiProperty({ description: 'shown once; a new one revokes it' })
  token: string;

  @ApiProperty({ format: 'uri', description: 'the feed to subscribe to in a calendar application' })
  url: string;
}
