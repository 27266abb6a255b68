import type { BookingKind } from '../../bookings/booking-kind.js';
import type { BookingStatus } from '../../bookings/booking-status.js';
import type { FieldErrors } from '../shell/components.js';
import { noticeFrom } from '../shell/notices.js';

/** The words trainers and the team read for a booking's kind and status. */
export const KIND_LABEL: Record<BookingKind, string> = {
  training: 'Formation',
  session: 'Séance',
  open_lab: 'Accès libre',
};

export const KIND_HINT: Record<Exclude<BookingKind, 'open_lab'>, string> = {
  training: 'Les jeunes apprennent la machine, encadrés pas à pas par vous ou par l’équipe du fablab : c’est là que l’habilitation s’obtient.',
  session: 'Les jeunes utilisent la machine : chacun doit avoir l’habilitation de la machine.',
};

export const STATUS_LABEL: Record<BookingStatus, string> = {
  confirmed: 'Réservée',
  cancelled: 'Annulée',
  completed: 'Terminée',
  no_show: 'Personne n’est venu',
};

/** Durations offered for a booking or a move: 30 minutes to 8 hours. */
export const LENGTH_CHOICES = [30, 45, 60, 90, 120, 150, 180, 210, 240, 300, 360, 420, 480];

/** A confirmation after a post/redirect/get, by its `fait` code. */
export const SESSION_DONE: Record<string, string> = {
  arrivee: 'L’arrivée du groupe est enregistrée.',
  terminee: 'La séance est terminée : présences et temps machine enregistrés.',
  deplacee: 'La séance est déplacée. Les jeunes inscrits avec un compte sont prévenus du nouvel horaire.',
  annulee: 'La séance est annulée. Les jeunes inscrits avec un compte sont prévenus.',
  reservee: 'C’est réservé.',
};

export const noticeFor = (code: unknown): string | null => noticeFrom(SESSION_DONE, code);

/** Which form of the session page an error belongs to, so only that form shows it. */
export type SessionForm = 'arrivee' | 'depart' | 'deplacer' | 'annuler';

export interface SessionErrors {
  form: SessionForm;
  errors: FieldErrors;
  /** What was typed, to show it again. */
  values?: Record<string, string>;
}

/** A start time from a form: `HH:MM` from 00:00 to 23:59 (24:00 ends a day, it starts none). */
export const isStartClock = (value: string): boolean => {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  return match !== null && Number(match[1]) < 24 && Number(match[2]) < 60;
};
