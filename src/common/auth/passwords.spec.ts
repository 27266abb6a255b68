import { describe, expect, it } from '@jest/globals';
import { hashingLoad, hashPassword, PASSWORD_HASHING_CONCURRENCY, verifyPassword } from './passwords.js';

describe('password hashing', () => {
  it(`runs at most ${PASSWORD_HASHING_CONCURRENCY} argon2 computations at once; the others wait, and all complete`, async () => {
    const hash = await hashPassword('the-right-password');
    const peaks: number[] = [];
    const timer = setInterval(() => peaks.push(hashingLoad().running), 1);
    const guesses = Array.from({ length: 8 }, (_, i) => verifyPassword(hash, `guess-${i}`));
    const load = hashingLoad();
    expect(load.running + load.waiting).toBe(8);
    expect(load.running).toBeLessThanOrEqual(PASSWORD_HASHING_CONCURRENCY);
    const results = await Promise.all([...guesses, verifyPassword(hash, 'the-right-password')]);
    clearInterval(timer);
    expect(results).toEqual([...Array(8).fill(false), true]);
    expect(Math.max(...peaks)).toBeLessThanOrEqual(PASSWORD_HASHING_CONCURRENCY);
    expect(Math.max(...peaks)).toBeGreaterThan(0);
    expect(hashingLoad()).toEqual({ running: 0, waiting: 0 });
  });

  it('answers false for a malformed hash instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever')).toBe(false);
  });
});
