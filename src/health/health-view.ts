import { ApiProperty } from '@nestjs/swagger';

/** GET /health: 200 when every check is up, 503 naming the failing one. */
export class HealthView {
  @ApiProperty({ enum: ['ok', 'error'] })
  status: 'ok' | 'error';

  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(
      ['database', 'redis', 'queues'].map((check) => [
        check,
        {
          type: 'object',
          required: ['status'],
          properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
          additionalProperties: true,
        },
      ]),
    ),
    required: ['database', 'redis', 'queues'],
    example: { database: { status: 'up' }, redis: { status: 'up' }, queues: { status: 'up', notifications: { waiting: 0 } } },
  })
  checks: Record<string, { status: string } & Record<string, unknown>>;
}
