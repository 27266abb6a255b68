import { ApiProperty } from '@nestjs/swagger';
import { PARTNER_KINDS, type PartnerKind } from './partner-kind.js';
import type { Partner } from './partner.entity.js';

/** A partner organisation as the API shows it (the Partner entity without its search key). */
export class PartnerView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Mission locale' })
  name: string;

  @ApiProperty({ enum: PARTNER_KINDS, enumName: 'PartnerKind' })
  kind: PartnerKind;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export const toPartnerView = (partner: Partner): PartnerView => ({
  id: partner.id,
  name: partner.name,
  kind: partner.kind,
  active: partner.active,
  createdAt: partner.createdAt.toISOString(),
  updatedAt: partner.updatedAt.toISOString(),
});
