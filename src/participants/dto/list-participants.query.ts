import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PaginationQuery } from '../../common/http/pagination.js';
import { AUDIENCES, type Audience } from '../audience.js';
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '../enrollment-status.js';
import { trimUpper } from './transforms.js';

export class ListParticipantsQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'words of the first or last name (case and accents ignored)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ enum: AUDIENCES })
  @IsOptional()
  @IsIn(AUDIENCES)
  audience?: Audience;

  @ApiPropertyOptional({ description: 'enrolled in this path (with `status`: an enrolment in this path with that status)' })
  @IsOptional()
  @Transform(trimUpper)
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'pathCode must be a path code such as EXPERIMENTER' })
  pathCode?: string;

  @ApiPropertyOptional({ enum: ENROLLMENT_STATUSES, description: 'has an enrolment with this status' })
  @IsOptional()
  @IsIn(ENROLLMENT_STATUSES)
  status?: EnrollmentStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'referred by this partner organisation' })
  @IsOptional()
  @IsUUID('all', { message: 'partnerId must be a partner id' })
  partnerId?: string;
}
