import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { ALL_QUEUES, DEFAULT_JOB_OPTIONS } from './queues.constants.js';
import { redisOptionsFrom } from './redis-options.js';
import { RedisProbe } from './redis-probe.service.js';
import { ThrottledWarning } from './throttled-warning.js';

const QUEUE_INSTANCES = Symbol('QUEUE_INSTANCES');

/**
 * BullMQ on REDIS_URL with QUEUE_PREFIX. Every queue is created here, once, with its error
 * listener attached at birth (while Redis is down a queue retries quietly, logged once a minute)
 * and is injectable with `@InjectQueue(QUEUES.x)`. Processors come from BullModule's root config.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: redisOptionsFrom(config.redisUrl),
        prefix: config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    // No queue here (they are created below): this brings BullMQ's explorer, which starts the
    // workers of @Processor classes.
    BullModule.registerQueue(),
  ],
  providers: [
    RedisProbe,
    {
      provide: QUEUE_INSTANCES,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Queue[] => {
        const warning = new ThrottledWarning(new Logger('Queues'), 60_000);
        return ALL_QUEUES.map((name) => {
          const queue = new Queue(name, {
            connection: redisOptionsFrom(config.redisUrl),
            prefix: config.queuePrefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          });
          queue.on('error', (error) => warning.warn(`queue ${name} unavailable`, error));
          return queue;
        });
      },
    },
    ...ALL_QUEUES.map((name, index) => ({
      provide: getQueueToken(name),
      inject: [QUEUE_INSTANCES],
      useFactory: (queues: Queue[]) => queues[index],
    })),
  ],
  exports: [RedisProbe, ...ALL_QUEUES.map((name) => getQueueToken(name))],
})
export class QueuesModule implements OnApplicationShutdown {
  constructor(@Inject(QUEUE_INSTANCES) private readonly queues: Queue[]) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.close()));
  }
}
