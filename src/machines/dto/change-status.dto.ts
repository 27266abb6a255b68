import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { MACHINE_STATUSES, type MachineStatus } from '../machine-status.js';
import { Transform } from 'class-transformer';
import { trim } from './create-machine.dto.js';

export class ChangeStatusDto {
  @ApiProperty({ enum: MACHINE_STATUSES })
  @IsIn(MACHINE_STATUSES, { message: `status must be one of ${MACHINE_STATUSES.join(', ')}` })
  status: MachineStatus;

  @ApiProperty({ example: 'Tube laser remplacé, essais concluants' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'reason must not be empty' })
  @MaxLength(500)
  reason: string;
}
