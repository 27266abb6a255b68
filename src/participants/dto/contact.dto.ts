import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, Matches, MaxLength } from 'class-validator';
import { PHONE_PATTERN, trim, trimLower } from './transforms.js';

export class ContactDto {
  @ApiPropertyOptional({ example: 'sam@example.org' })
  @IsOptional()
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '06 12 34 56 78' })
  @IsOptional()
  @Transform(trim)
  @Matches(PHONE_PATTERN, { message: 'phone must be 6-32 digits, spaces, "+", "(", ")", "." or "-"' })
  phone?: string;
}
