import { ApiProperty } from '@nestjs/swagger';

/** What POST /participants/:id/account answers, once: the code to give the young person. */
export class IssuedActivation {
  @ApiProperty({ format: 'uuid', description: 'the learner account' })
  userId: string;

  @ApiProperty({ example: 'K7QM-4XPA-9TRD', description: 'the one-time code, under the name POST /auth/activate takes it' })
  code: string;

  @ApiProperty({ example: 'K7QM-4XPA-9TRD', deprecated: true, description: 'the same code as `code`; kept for existing clients, to be removed' })
  activationCode: string;

  @ApiProperty({ format: 'date-time', description: '14 days after issue' })
  expiresAt: string;

  @ApiProperty({
    format: 'uri',
    example: 'https://fablab.example.org/activer?code=K7QM-4XPA-9TRD',
    description: 'the web app’s activation page with the code filled in (the QR code shown to the young person)',
  })
  activationUrl: string;
}
