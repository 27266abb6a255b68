import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { AUDIENCES, type Audience } from '../audience.js';
import { GENDERS, type Gender } from '../gender.js';
import { ConsentDto } from './consent.dto.js';
import { ContactDto } from './contact.dto.js';
import { GuardianDto } from './guardian.dto.js';
import { trim } from './transforms.js';

/** Exactly the fields of the contract: the fablab collects nothing more. */
export class CreateParticipantDto {
  @ApiProperty({ example: 'Sam' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  // "!!!" and "---" would both fold to nothing and collide as the same person.
  @Matches(/[\p{L}\p{N}]/u, { message: 'firstName must contain at least one letter' })
  firstName: string;

  @ApiProperty({ example: 'Durand' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  // "!!!" and "---" would both fold to nothing and collide as the same person.
  @Matches(/[\p{L}\p{N}]/u, { message: 'lastName must contain at least one letter' })
  lastName: string;

  @ApiProperty({ type: 'integer', example: 2008 })
  @IsInt()
  @Min(1900)
  @Max(2100)
  birthYear: number;

  @ApiProperty({ enum: GENDERS })
  @IsIn(GENDERS)
  gender: Gender;

  @ApiProperty({ enum: AUDIENCES })
  @IsIn(AUDIENCES)
  audience: Audience;

  @ApiProperty({ description: 'lives in a priority neighbourhood (QPV)' })
  @IsBoolean()
  livesInQpv: boolean;

  @ApiPropertyOptional({ example: '73000' })
  @IsOptional()
  @Transform(trim)
  @Matches(/^[A-Za-z0-9 -]{2,10}$/, { message: 'postcode must be 2-10 letters, digits, spaces or "-"' })
  postcode?: string;

  @ApiPropertyOptional({ description: 'the partner organisation that sent this person' })
  @IsOptional()
  @IsUUID()
  referredByPartnerId?: string;

  @ApiPropertyOptional({ type: ContactDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  @ApiPropertyOptional({ type: GuardianDto, description: 'required under 15' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => GuardianDto)
  guardian?: GuardianDto;

  @ApiProperty({ type: ConsentDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent: ConsentDto;
}
