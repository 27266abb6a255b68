import type { MachineCategory } from '../../common/machine-category.js';
import type { MachineStatus } from '../../machines/machine-status.js';
import type { IncidentSeverity } from '../../maintenance/incident-severity.js';
import type { NotificationKind } from '../../notifications/notification-kind.js';

/** The words people read for the API's enumerations. */
export const CATEGORY_LABEL: Record<MachineCategory, string> = {
  fdm_printer: 'Imprimante 3D à filament',
  resin_printer: 'Imprimante 3D à résine',
  laser_cutter: 'Découpeuse laser',
  cnc_router: 'Fraiseuse numérique (CNC)',
  vinyl_cutter: 'Découpeuse vinyle',
  embroidery: 'Brodeuse numérique',
  heat_press: 'Presse à chaud',
  electronics: 'Électronique',
  other: 'Autre machine',
};

export const MACHINE_STATUS_LABEL: Record<MachineStatus, string> = {
  available: 'Disponible',
  maintenance: 'En entretien',
  out_of_order: 'En panne',
  retired: 'Retirée',
};

export const SEVERITY_CHOICES: { value: IncidentSeverity; label: string; hint: string }[] = [
  { value: 'minor', label: 'Petit souci', hint: 'La machine marche encore (un réglage, une pièce usée, du bruit).' },
  { value: 'major', label: 'Gros problème', hint: 'La machine marche mal, le résultat est raté.' },
  { value: 'blocking', label: 'Elle ne marche plus', hint: 'Impossible ou dangereux de s’en servir : elle sera mise hors service.' },
];

export const NOTIFICATION_KIND_LABEL: Record<NotificationKind, string> = {
  booking_reminder: 'Rappels avant une réservation',
  booking_cancelled: 'Réservation annulée',
  booking_moved: 'Réservation déplacée',
  booking_affected: 'Réservation touchée par une panne ou un entretien',
  maintenance_due: 'Entretien à faire',
  machine_down: 'Machine en panne',
  machine_back: 'Machine de nouveau disponible',
  inactivity_nudge: 'Petit rappel quand ton parcours n’avance plus',
  participant_stalled: 'Parcours à l’arrêt',
  step_validated: 'Étape validée',
  path_completed: 'Parcours terminé',
  qualification_expiring: 'Habilitation bientôt expirée',
  target_digest: 'Point hebdomadaire sur l’objectif',
};
