export const PARTNER_KINDS = ['training', 'insertion', 'school', 'association', 'public'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];
