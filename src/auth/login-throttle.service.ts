import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/errors/domain-error.js';
import { redisOptionsFrom } from '../common/queues/redis-options.js';

/** Login attempts allowed per (client IP, account) in the window below. */
export const LOGIN_ATTEMPTS = 10;
export const LOGIN_WINDOW_SECONDS = 5 * 60;

/**
 * Failed attempts one account may take, from any address, within ACCOUNT_WINDOW_SECONDS before
 * each further attempt has to wait: 1 s, then 2, 4, 8… never more than ACCOUNT_MAX_DELAY_SECONDS.
 * An attacker spread over many addresses gets a handful of guesses an hour; the owner is at
 * worst kept waiting a quarter of an hour, never locked out.
 */
export const ACCOUNT_FREE_ATTEMPTS = 10;
export const ACCOUNT_WINDOW_SECONDS = 24 * 3600;
export const ACCOUNT_MAX_DELAY_SECONDS = 15 * 60;

/**
 * Activation attempts per client IP (wrong and right ones: right ones are given back). Counted
 * apart from logins, and higher, because a whole group activates from the fablab's one address.
 */
export const ACTIVATION_ATTEMPTS = 30;
export const ACTIVATION_WINDOW_SECONDS = 15 * 60;

/** The delay before the n-th attempt beyond the free ones (n ≥ 1). */
export const accountDelaySeconds = (beyond: number): number =>
  Math.min(2 ** Math.min(beyond - 1, 30), ACCOUNT_MAX_DELAY_SECONDS);

/**
 * Login and activation throttles, counted in Redis so every API instance shares them (an
 * in-memory limiter stands in while Redis is unreachable). An attempt is reserved — counted —
 * before the password or code is checked, so parallel guesses cannot all slip in before the
 * first failure is recorded; a success gives it back. rate-limiter-flexible rather than
 * @nestjs/throttler: the latter is CommonJS requiring the ESM-only @nestjs/common, which jest
 * cannot load on Node 20.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly redis: Redis;
  /** (IP, account) → attempts in the window. */
  private readonly perAddress: RateLimiterRedis;
  /** account → attempts in the day, reset by a success. */
  private readonly perAccount: RateLimiterRedis;
  /** account → one attempt at a time once past the free ones; the key lives for the delay. */
  private readonly accountGate: RateLimiterRedis;
  /** IP → activation attempts. */
  private readonly activations: RateLimiterRedis;

  constructor(config: AppConfig) {
    this.redis = new Redis({ ...redisOptionsFrom(config.redisUrl), maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined); // the insurance limiters take over
    const limiter = (name: string, points: number, duration: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${config.queuePrefix}-${name}`,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
      });
    this.perAddress = limiter('login', LOGIN_ATTEMPTS, LOGIN_WINDOW_SECONDS);
    this.perAccount = limiter('login-account', Number.MAX_SAFE_INTEGER, ACCOUNT_WINDOW_SECONDS);
    this.accountGate = limiter('login-account-gate', 1, ACCOUNT_MAX_DELAY_SECONDS);
    this.activations = limiter('activation', ACTIVATION_ATTEMPTS, ACTIVATION_WINDOW_SECONDS);
  }

  /**
   * Counts one login attempt at `account` (one key per account whatever login names it: the
   * user's id, or the normalised login when it names nobody) from `ip`, or refuses it with 429.
   */
  async reserveLogin(ip: string, account: string): Promise<void> {
    await this.take(this.perAddress, `${ip}|${account}`, 'Too many failed logins');
    const attempts = (await this.take(this.perAccount, account, 'Too many failed logins')).consumedPoints;
    if (attempts <= ACCOUNT_FREE_ATTEMPTS) return;
    const delay = accountDelaySeconds(attempts - ACCOUNT_FREE_ATTEMPTS);
    try {
      // The gate holds one point for `delay` seconds: of concurrent attempts, one goes through.
      await this.take(this.accountGate, account, 'Too many failed logins for this account', delay);
    } catch (error) {
      // A refused attempt was not tried: it makes neither the next delay nor the address's count grow.
      await Promise.all([this.perAccount.reward(account, 1), this.perAddress.reward(`${ip}|${account}`, 1)]).catch(() => undefined);
      throw error;
    }
  }

  /** A successful login clears the counts: a learner who mistypes twice is not punished later. */
  async loginSucceeded(ip: string, account: string): Promise<void> {
    await Promise.all([this.perAddress.delete(`${ip}|${account}`), this.perAccount.delete(account)]);
  }

  /** Counts one activation attempt from `ip`, or refuses it with 429. */
  async reserveActivation(ip: string): Promise<void> {
    await this.take(this.activations, ip, 'Too many failed activations');
  }

  /** A right code does not count: a whole group can activate from one address. */
  async activationSucceeded(ip: string): Promise<void> {
    await this.activations.reward(ip, 1);
  }

  private async take(limiter: RateLimiterRedis, key: string, message: string, customDuration?: number): Promise<RateLimiterRes> {
    try {
      return await limiter.consume(key, 1, customDuration === undefined ? {} : { customDuration });
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new DomainError('TOO_MANY_REQUESTS', `${message}, try again in ${retryAfter} s`, { retryAfter });
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
