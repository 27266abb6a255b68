/**
 * pending: to deliver at `dueAt`; sent: delivered (in-app, and e-mail where wanted); skipped:
 * became moot before delivery (cancelled, moved, erased) or superseded; failed: delivery kept
 * failing after every retry.
 */
export const OUTBOX_STATUSES = ['pending', 'sent', 'skipped', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** none: in-app only (no SMTP, no address, or the user said no); the rest track the e-mail. */
export const EMAIL_STATUSES = ['none', 'pending', 'sending', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
