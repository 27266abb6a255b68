import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** The list shape of the contract; ApiPageResult types `items`. */
@ApiSchema({ name: 'Page' })
export class PageView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'how many items match, all pages together' })
  total!: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  limit!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  offset!: number;
}
