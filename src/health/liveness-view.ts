import { ApiProperty } from '@nestjs/swagger';

/** GET /health/live: the process answers. */
export class LivenessView {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}
