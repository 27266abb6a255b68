import { ApiProperty } from '@nestjs/swagger';
import { AUDIENCES, type Audience } from './audience.js';
import { GENDERS, type Gender } from './gender.js';
import type { Participant } from './participant.entity.js';

export class ParticipantContactView {
  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;
}

export class GuardianView {
  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;
}

export class ConsentView {
  @ApiProperty()
  dataProcessing: boolean;

  @ApiProperty({ type: Boolean, nullable: true })
  parentalConsent: boolean | null;

  @ApiProperty({ type: Boolean, nullable: true })
  imageRights: boolean | null;
}

/** A participant as the API shows them: the fields of the contract, never the search keys. */
export class ParticipantView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  firstName: string;

  @ApiProperty()
  lastName: string;

  @ApiProperty({ type: 'integer' })
  birthYear: number;

  @ApiProperty({ enum: GENDERS, enumName: 'Gender' })
  gender: Gender;

  @ApiProperty({ enum: AUDIENCES, enumName: 'Audience' })
  audience: Audience;

  @ApiProperty()
  livesInQpv: boolean;

  @ApiProperty({ type: String, nullable: true })
  postcode: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  referredByPartnerId: string | null;

  @ApiProperty({ type: ParticipantContactView, nullable: true })
  contact: ParticipantContactView | null;

  @ApiProperty({ type: GuardianView, nullable: true })
  guardian: GuardianView | null;

  @ApiProperty({ type: ConsentView })
  consent: ConsentView;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export const toParticipantView = (p: Participant): ParticipantView => ({
  id: p.id,
  firstName: p.firstName ?? '',
  lastName: p.lastName ?? '',
  birthYear: p.birthYear,
  gender: p.gender,
  audience: p.audience,
  livesInQpv: p.livesInQpv,
  postcode: p.postcode,
  referredByPartnerId: p.referredByPartnerId,
  contact: p.contactEmail || p.contactPhone ? { email: p.contactEmail, phone: p.contactPhone } : null,
  guardian: p.guardianName ? { name: p.guardianName, phone: p.guardianPhone, email: p.guardianEmail } : null,
  consent: {
    dataProcessing: p.consentDataProcessing,
    parentalConsent: p.consentParental,
    imageRights: p.consentImageRights,
  },
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});
