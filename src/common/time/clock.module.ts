import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.service.js';

/** The one Clock of the application, injectable everywhere. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
