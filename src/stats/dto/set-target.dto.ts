import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export class SetTargetDto {
  @ApiProperty({ type: 'integer', example: 500, description: 'young people to reach in the year' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  target: number;
}
