import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

export class SetBudgetDto {
  @ApiProperty({ example: 180000, description: 'the fablab’s budget for the calendar year, in euros (cents allowed)' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }, { message: 'amount must be a number of euros with at most 2 decimals' })
  @Min(0)
  @Max(20_000_000)
  amount: number;
}
