import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { DEFAULT_EMAIL_PREFERENCES } from '../notification-kind.js';

export class UpdatePreferencesDto {
  @ApiProperty({
    description: 'Kind → whether to also send it by e-mail. Kinds left out keep their current setting.',
    example: { booking_reminder: true, machine_back: false },
    type: 'object',
    additionalProperties: { type: 'boolean' },
    default: DEFAULT_EMAIL_PREFERENCES,
  })
  @IsObject({ message: 'email must be an object of kind → boolean' })
  email: Record<string, unknown>;
}
