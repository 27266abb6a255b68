import { ApiProperty } from '@nestjs/swagger';
import { ParticipantRecordExport } from '../participants/participant-record-export-view.js';

/**
 * GET /participants/:id/export: everything held on the person (GDPR access), never a hash:
 * participants' record and what each other feature holds on them.
 */
export class ParticipantExport extends ParticipantRecordExport {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'bookings the person is planned on, attended and made: {planned, attended, made}',
  })
  bookings: unknown;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'whether a calendar feed exists: {exists, createdAt}' })
  calendarFeed: unknown;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'step photos, each with the photo as a data: URL' })
  evidencePhotos: unknown[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'incidents the person reported' })
  incidentsReported: unknown[];

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'their e-mail choices per notification kind' })
  notificationPreferences: unknown;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'the person’s inbox' })
  notifications: unknown[];
}
