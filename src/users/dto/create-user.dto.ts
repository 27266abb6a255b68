import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../common/auth/passwords.js';
import { ROLES, type Role } from '../role.js';

const trimLower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export class CreateUserDto {
  @ApiPropertyOptional({ example: 'claire@lafabrique.example' })
  @IsOptional()
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: 'claire.m', description: '3-64 characters: a-z, 0-9, ".", "_", "-"' })
  @IsOptional()
  @Transform(trimLower)
  @Matches(USERNAME_PATTERN, { message: 'username must be 3-64 characters: letters, digits, ".", "_" or "-"' })
  username?: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ example: 'Claire Martin' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName: string;

  @ApiPropertyOptional({ description: 'required for trainers: the partner they belong to' })
  @IsOptional()
  @IsUUID()
  partnerId?: string;
}
