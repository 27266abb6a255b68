import { Injectable } from '@nestjs/common';

/** Runs inside the transaction that changed the account (the surrounding TransactionRunner scope). */
export type CredentialsChangedHook = (userId: string) => Promise<void>;

/**
 * Where the auth feature learns that an account's credentials changed under it — a password set
 * by an admin, a deactivation, a reset by a new activation code, an erasure — so that every
 * session of the account ends, access tokens included. A hook rather than a call: auth depends on
 * users, not the other way round.
 */
@Injectable()
export class CredentialsChangedHooks {
  private readonly hooks: CredentialsChangedHook[] = [];

  register(hook: CredentialsChangedHook): void {
    this.hooks.push(hook);
  }

  async run(userId: string): Promise<void> {
    for (const hook of this.hooks) await hook(userId);
  }
}
