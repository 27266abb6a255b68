import { ApiProperty } from '@nestjs/swagger';

/** One checklist line of a work order: a plan's item, and whether it was done. */
export class ChecklistResult {
  @ApiProperty({ example: 'Nettoyer la lentille' })
  item: string;

  @ApiProperty()
  done: boolean;
}
