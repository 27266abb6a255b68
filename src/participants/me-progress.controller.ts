import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { CurrentUser, Roles } from '../common/auth/decorators.js';
import { type LearnerProgress, LearnerProgressService } from './learner-progress.service.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeProgressController {
  constructor(private readonly progress: LearnerProgressService) {}

  /** The learner's enrolments, next step, valid qualifications, bookings and unread count. */
  @Get('progress')
  @Roles('learner')
  get(@CurrentUser() user: AuthUser): Promise<LearnerProgress> {
    return this.progress.forLearner(user);
  }
}
