import { Module } from '@nestjs/common';
import { LearningPathsController } from './learning-paths.controller.js';
import { LearningPathsSeeder } from './learning-paths-seeder.service.js';
import { LearningPathsService } from './learning-paths.service.js';

@Module({
  controllers: [LearningPathsController],
  providers: [LearningPathsService, LearningPathsSeeder],
  exports: [LearningPathsService],
})
export class LearningPathsModule {}
