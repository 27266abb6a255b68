import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/errors/domain-error.js';
import { redisOptionsFrom } from '../common/queues/redis-options.js';

/** Failed login attempts allowed per (client IP, login) in the window below. */
export const LOGIN_ATTEMPTS = 10;
export const LOGIN_WINDOW_SECONDS = 5 * 60;

/**
 * Counts failed login attempts per (IP, login) in Redis, so every API instance shares the count; an
 * in-memory limiter stands in while Redis is unreachable. rate-limiter-flexible rather than
 * @nestjs/throttler: the latter is CommonJS requiring the ESM-only @nestjs/common, which jest
 * cannot load on Node 20.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly limiter: RateLimiterRedis;

  constructor(config: AppConfig) {
    this.redis = new Redis({ ...redisOptionsFrom(config.redisUrl), maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined); // the insurance limiter takes over
    this.limiter = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${config.queuePrefix}-login`,
      points: LOGIN_ATTEMPTS,
      duration: LOGIN_WINDOW_SECONDS,
      insuranceLimiter: new RateLimiterMemory({ points: LOGIN_ATTEMPTS, duration: LOGIN_WINDOW_SECONDS }),
    });
  }

  /** Refuses with 429 once this (IP, login) has failed LOGIN_ATTEMPTS times in the window. */
  async assertAllowed(ip: string, login: string): Promise<void> {
    const state = await this.limiter.get(this.key(ip, login));
    if (state && state.consumedPoints >= LOGIN_ATTEMPTS) {
      const retryAfter = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
      throw new DomainError('TOO_MANY_REQUESTS', `Too many failed logins, try again in ${retryAfter} s`, { retryAfter });
    }
  }

  async recordFailure(ip: string, login: string): Promise<void> {
    try {
      await this.limiter.consume(this.key(ip, login));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error; // already over the limit: nothing to add
    }
  }

  /** A successful login clears the count: a learner who mistypes twice is not punished later. */
  async reset(ip: string, login: string): Promise<void> {
    await this.limiter.delete(this.key(ip, login));
  }

  private key(ip: string, login: string): string {
    return `${ip}|${login.trim().toLowerCase()}`;
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
