export const INCIDENT_SEVERITIES = ['minor', 'major', 'blocking'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];
