/** Every kind of notification of the contract (DESIGN.md "Notifications and reminders"). */
export const NOTIFICATION_KINDS = [
  'booking_reminder',
  'booking_cancelled',
  'booking_moved',
  'booking_affected',
  'maintenance_due',
  'machine_down',
  'machine_back',
  'inactivity_nudge',
  'participant_stalled',
  'step_validated',
  'path_completed',
  'qualification_expiring',
  'target_digest',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const isNotificationKind = (value: string): value is NotificationKind =>
  (NOTIFICATION_KINDS as readonly string[]).includes(value);

/**
 * Whether a kind is also sent by e-mail when the user has not chosen (GET/PUT
 * /me/notification-preferences). On: what someone must act on or would miss (reminders,
 * cancellations, moves, disruptions, maintenance due, a broken machine, nudges, expiring
 * qualifications, a completed path, the weekly digest). Off: what the inbox is enough for
 * (a machine back in service, each validated step, the per-learner stalled alerts of facilitators,
 * which the inbox groups better than a mailbox).
 */
export const DEFAULT_EMAIL_PREFERENCES: Record<NotificationKind, boolean> = {
  booking_reminder: true,
  booking_cancelled: true,
  booking_moved: true,
  booking_affected: true,
  maintenance_due: true,
  machine_down: true,
  machine_back: false,
  inactivity_nudge: true,
  participant_stalled: false,
  step_validated: false,
  path_completed: true,
  qualification_expiring: true,
  target_digest: true,
};
