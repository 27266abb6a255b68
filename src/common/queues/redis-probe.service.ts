import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { redisOptionsFrom } from './redis-options.js';

/** A PING on a connection of its own, bounded in time: is Redis reachable right now? */
@Injectable()
export class RedisProbe implements OnModuleDestroy {
  private readonly client: Redis;

  constructor(config: AppConfig) {
    this.client = new Redis({ ...redisOptionsFrom(config.redisUrl), lazyConnect: true });
    this.client.on('error', () => undefined); // reported by ping(), not as an unhandled event
  }

  /** Resolves when Redis answers within the timeout, rejects with the reason otherwise. */
  async ping(timeoutMs = 1_500): Promise<void> {
    const attempt = async () => {
      if (this.client.status === 'wait' || this.client.status === 'end') await this.client.connect();
      await this.client.ping();
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        attempt(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async isReachable(timeoutMs = 1_500): Promise<boolean> {
    return this.ping(timeoutMs).then(
      () => true,
      () => false,
    );
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
