import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PHONE_PATTERN, trim, trimLower } from './transforms.js';

/** The legal guardian of a minor. */
export class GuardianDto {
  @ApiProperty({ example: 'Nadia Benali' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(160)
  name: string;

  @ApiPropertyOptional({ example: '06 12 34 56 78' })
  @IsOptional()
  @Transform(trim)
  @Matches(PHONE_PATTERN, { message: 'phone must be 6-32 digits, spaces, "+", "(", ")", "." or "-"' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;
}
