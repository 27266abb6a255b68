import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { CurrentUser, Roles } from '../common/auth/decorators.js';
import { ApiResult } from '../common/openapi/api-result.decorator.js';
import { LearnerProgress } from './learner-progress-view.js';
import { LearnerProgressService } from './learner-progress.service.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeProgressController {
  constructor(private readonly progress: LearnerProgressService) {}

  /** The learner's enrolments, next step, valid qualifications, bookings and unread count. */
  @Get('progress')
  @Roles('learner')
  @ApiOperation({ summary: 'My dashboard (learners): enrolments with progress, next step, valid qualifications, coming bookings, unread count' })
  @ApiResult(LearnerProgress)
  get(@CurrentUser() user: AuthUser): Promise<LearnerProgress> {
    return this.progress.forLearner(user);
  }
}
