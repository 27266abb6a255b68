import type { User } from '../users/user.entity.js';
import type { NotificationKind } from './notification-kind.js';
import type { OutboxEntry } from './outbox-entry.entity.js';

/** What a delivery sends, worked out from the database at delivery time. */
export interface Delivery {
  /** User ids; ignored when the entry names its recipient. */
  recipients: string[];
  /** Template values shared by every recipient (`name` is added per recipient). */
  vars: Record<string, string | number>;
  /** Per recipient values, when the message differs (e.g. each learner's own progress). */
  varsFor?: (userId: string) => Record<string, string | number>;
  /** What a client links to (ids). */
  data: Record<string, unknown>;
  /**
   * Distinguishes the occurrences of a re-planned entry (a reminder for a given start time): a
   * user gets each occurrence once. Empty for entries delivered once.
   */
  occurrence?: string;
}

/** The entry became moot (booking cancelled, moved, subject erased…): it is skipped with this reason. */
export interface Moot {
  moot: string;
}

export type Resolution = Delivery | Moot;
export type NotificationResolver = (entry: OutboxEntry, now: Date) => Promise<Resolution>;

export const isMoot = (resolution: Resolution): resolution is Moot => 'moot' in resolution;

/**
 * How to deliver an entry of each kind: re-read the subject, decide whether it is still relevant,
 * who receives it and with which values. One resolver per kind, so a kind without one does not
 * compile. Notifications know no feature: the map is built above them (RemindersModule) and
 * injected into NotificationDeliveryService under NOTIFICATION_RESOLVERS.
 */
export type NotificationResolverMap = Record<NotificationKind, NotificationResolver>;
export const NOTIFICATION_RESOLVERS = 'NOTIFICATION_RESOLVERS';

/**
 * E-mail addresses, by user id, of accounts that have none of their own: a learner account has
 * no e-mail, but the participant may have given a contact address. Provided above the features
 * (RemindersModule) under CONTACT_ADDRESSES; an account's own e-mail wins.
 */
export type ContactAddresses = (users: User[]) => Promise<Map<string, string>>;
export const CONTACT_ADDRESSES = 'CONTACT_ADDRESSES';
