import { Injectable } from '@nestjs/common';
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
 * Where each feature tells, per kind, how to deliver an entry: re-read the subject, decide
 * whether it is still relevant, who receives it and with which values. Notifications thus depend
 * on no feature; features register here from their module's onModuleInit.
 */
@Injectable()
export class NotificationResolvers {
  private readonly resolvers = new Map<NotificationKind, NotificationResolver>();

  register(kind: NotificationKind, resolver: NotificationResolver): void {
    this.resolvers.set(kind, resolver);
  }

  get(kind: NotificationKind): NotificationResolver | undefined {
    return this.resolvers.get(kind);
  }
}
