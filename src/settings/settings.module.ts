import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OpeningHoursService } from './opening-hours.service.js';
import { Setting } from './setting.entity.js';
import { SettingsController } from './settings.controller.js';

/** Fablab-wide settings an admin edits: opening hours (bookings and machine metrics use them). */
@Module({
  imports: [TypeOrmModule.forFeature([Setting])],
  controllers: [SettingsController],
  providers: [OpeningHoursService],
  exports: [OpeningHoursService],
})
export class SettingsModule {}
