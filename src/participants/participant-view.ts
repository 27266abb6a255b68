import type { Audience } from './audience.js';
import type { Gender } from './gender.js';
import type { Participant } from './participant.entity.js';

/** A participant as the API shows them: the fields of the contract, never the search keys. */
export interface ParticipantView {
  id: string;
  firstName: string;
  lastName: string;
  birthYear: number;
  gender: Gender;
  audience: Audience;
  livesInQpv: boolean;
  postcode: string | null;
  referredByPartnerId: string | null;
  contact: { email: string | null; phone: string | null } | null;
  guardian: { name: string; phone: string | null; email: string | null } | null;
  consent: { dataProcessing: boolean; parentalConsent: boolean | null; imageRights: boolean | null };
  createdAt: string;
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
