import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { INCIDENT_SEVERITIES, type IncidentSeverity } from '../incident-severity.js';

export class CreateIncidentDto {
  @ApiProperty({ enum: INCIDENT_SEVERITIES, description: '`blocking` puts the machine out of order and opens a corrective work order' })
  @IsIn(INCIDENT_SEVERITIES, { message: `severity must be one of ${INCIDENT_SEVERITIES.join(', ')}` })
  severity: IncidentSeverity;

  @ApiProperty({ example: 'Le laser ne coupe plus, odeur de brûlé' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  description: string;
}
