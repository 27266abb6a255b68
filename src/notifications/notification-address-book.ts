import { Injectable } from '@nestjs/common';
import type { User } from '../users/user.entity.js';

/** E-mail addresses of accounts that have none of their own, by user id. */
export type AddressSource = (users: User[]) => Promise<Map<string, string>>;

/**
 * Where a feature offers an e-mail address for accounts without one: a learner account has no
 * e-mail, but the participant may have given a contact address. An account's own e-mail wins.
 */
@Injectable()
export class NotificationAddressBook {
  private readonly sources: AddressSource[] = [];

  register(source: AddressSource): void {
    this.sources.push(source);
  }

  /** The address of each user: their own, else the first a source gives. */
  async addressesOf(users: User[]): Promise<Map<string, string>> {
    const addresses = new Map<string, string>();
    for (const user of users) if (user.email) addresses.set(user.id, user.email);
    const missing = users.filter((u) => !u.email);
    for (const source of this.sources) {
      const still = missing.filter((u) => !addresses.has(u.id));
      if (still.length === 0) break;
      for (const [id, address] of await source(still)) if (!addresses.has(id)) addresses.set(id, address);
    }
    return addresses;
  }
}
