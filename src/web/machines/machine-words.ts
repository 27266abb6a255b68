import type { BookingKind } from '../../bookings/booking-kind.js';
import type { MachineStatus } from '../../machines/machine-status.js';
import type { IncidentSeverity } from '../../maintenance/incident-severity.js';
import type { WorkOrderKind } from '../../maintenance/work-order-kind.js';
import type { WorkOrderStatus } from '../../maintenance/work-order-transitions.js';

/** The words of the machine pages for the API's enumerations. */
export const STATUS_ICON: Record<MachineStatus, 'check' | 'clock' | 'alert' | 'circle'> = {
  available: 'check',
  maintenance: 'clock',
  out_of_order: 'alert',
  retired: 'circle',
};

export const STATUS_CLASS: Record<MachineStatus, string> = {
  available: 'status-ok',
  maintenance: 'status-wait',
  out_of_order: 'status-bad',
  retired: 'status-todo',
};

/** "en panne depuis …": the status as a phrase that takes a "since". */
export const STATUS_SINCE: Record<MachineStatus, string> = {
  available: 'Disponible depuis',
  maintenance: 'En entretien depuis',
  out_of_order: 'En panne depuis',
  retired: 'Retirée depuis',
};

/** Out of order first: what needs someone comes first in lists. */
export const STATUS_ORDER: Record<MachineStatus, number> = { out_of_order: 0, maintenance: 1, available: 2, retired: 3 };

export const WORK_ORDER_STATUS_LABEL: Record<WorkOrderStatus, string> = {
  open: 'À faire',
  in_progress: 'En cours',
  on_hold: 'En attente',
  done: 'Terminé',
  cancelled: 'Annulé',
};

export const WORK_ORDER_KIND_LABEL: Record<WorkOrderKind, string> = {
  preventive: 'Entretien préventif',
  corrective: 'Réparation',
  inspection: 'Contrôle',
};

export const SEVERITY_LABEL: Record<IncidentSeverity, string> = {
  minor: 'Petit souci',
  major: 'Gros problème',
  blocking: 'Bloquant',
};

export const BOOKING_KIND_LABEL: Record<BookingKind, string> = {
  training: 'Formation',
  session: 'Séance',
  open_lab: 'Temps libre (open lab)',
};

/** "12,5 h": hours as French people write them. */
export const hours = (value: number): string => `${(Math.round(value * 10) / 10).toLocaleString('fr-FR')} h`;

/** "97,5 %", or a dash when there is nothing to measure. */
export const percent = (value: number | null): string => (value === null ? '—' : `${(Math.round(value * 10) / 10).toLocaleString('fr-FR')} %`);
