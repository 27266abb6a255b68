import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { trim } from './transforms.js';

export class RevokeQualificationDto {
  @ApiProperty({ example: 'Ne respecte pas les consignes de sécurité de la découpeuse laser', minLength: 3, maxLength: 500 })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}
