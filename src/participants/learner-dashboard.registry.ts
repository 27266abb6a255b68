import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user.js';

/** What another feature adds to a learner's GET /me/progress. */
export interface LearnerDashboardSource {
  /** e.g. bookings: the learner's coming bookings, soonest first. */
  upcomingBookings?: (learner: AuthUser) => Promise<unknown[]>;
  /** e.g. notifications: how many are unread. */
  unreadNotifications?: (learner: AuthUser) => Promise<number>;
}

/**
 * The extension point of GET /me/progress. Bookings and notifications do not exist yet: until
 * they register here (from their module's onModuleInit), upcomingBookings is [] and
 * unreadNotifications 0. Participants thus depend on no later feature.
 */
@Injectable()
export class LearnerDashboardRegistry {
  private readonly sources: LearnerDashboardSource[] = [];

  register(source: LearnerDashboardSource): void {
    this.sources.push(source);
  }

  async upcomingBookings(learner: AuthUser): Promise<unknown[]> {
    const lists = await Promise.all(this.sources.map((source) => source.upcomingBookings?.(learner) ?? []));
    return lists.flat();
  }

  async unreadNotifications(learner: AuthUser): Promise<number> {
    const counts = await Promise.all(this.sources.map((source) => source.unreadNotifications?.(learner) ?? 0));
    return counts.reduce((sum, count) => sum + count, 0);
  }
}
