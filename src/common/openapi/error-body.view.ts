import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode } from '../errors/error-code.js';

/** The one error shape of the contract, as the OpenAPI document describes it. */
@ApiSchema({ name: 'ErrorBody' })
export class ErrorBodyView {
  @ApiProperty({ type: 'integer', example: 404 })
  statusCode!: number;

  @ApiProperty({ enum: Object.keys(ERROR_STATUS), enumName: 'ErrorCode', example: 'NOT_FOUND' })
  error!: ErrorCode;

  @ApiProperty({ example: 'Machine not found' })
  message!: string;

  @ApiProperty({ description: 'Also in the x-request-id header; logged with the error' })
  requestId!: string;

  @ApiPropertyOptional({
    description:
      'VALIDATION_FAILED: [{field, message}]; BOOKING_CONFLICT: {conflicts: [{id, startsAt, endsAt}]}; NOT_QUALIFIED: {participantIds}; PARTICIPANT_EXISTS: {id}; otherwise an object or absent',
  })
  details?: unknown;
}
