import { Module } from '@nestjs/common';
import { AuthModule } from './auth.module.js';
import { HousekeepingProcessor } from './housekeeping.processor.js';

/** Loaded only when RUN_MODE is `all` or `worker`. */
@Module({
  imports: [AuthModule],
  providers: [HousekeepingProcessor],
})
export class AuthWorkersModule {}
