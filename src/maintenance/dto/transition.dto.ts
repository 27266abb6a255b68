import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** start, hold, cancel: an optional word for the order's history. */
export class TransitionDto {
  @ApiPropertyOptional({ example: 'En attente de la pièce de rechange' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
