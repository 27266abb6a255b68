import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../common/auth/passwords.js';
import { USERNAME_PATTERN } from '../../users/dto/create-user.dto.js';
import { trimLower } from './transforms.js';

export class ActivateAccountDto {
  @ApiProperty({ example: 'K7QM-4XPA-9TRD', description: 'the code given by the fablab (dashes and case ignored)' })
  @IsString()
  @MinLength(4)
  @MaxLength(40)
  code: string;

  @ApiProperty({ example: 'sam.d', description: '3-64 characters: a-z, 0-9, ".", "_", "-"' })
  @Transform(trimLower)
  @Matches(USERNAME_PATTERN, { message: 'username must be 3-64 characters: letters, digits, ".", "_" or "-"' })
  username: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}
