import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Roles } from '../common/auth/decorators.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { EnrollmentTransitionDto } from './dto/enrollment-transition.dto.js';
import { RecordOutcomeDto } from './dto/record-outcome.dto.js';
import { RejectStepDto } from './dto/reject-step.dto.js';
import { SubmitStepDto } from './dto/submit-step.dto.js';
import { ValidateStepDto } from './dto/validate-step.dto.js';
import type { EnrollmentView } from './enrollment-view.js';
import { EnrollmentsService } from './enrollments.service.js';
import { StepProgressService } from './step-progress.service.js';

@ApiTags('enrollments')
@ApiBearerAuth()
@Controller('enrollments')
export class EnrollmentsController {
  constructor(
    private readonly enrollments: EnrollmentsService,
    private readonly progress: StepProgressService,
  ) {}

  /** Staff (a trainer: their partner's young people), or the learner themself. */
  @Get(':id')
  @AnyRole()
  get(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser): Promise<EnrollmentView> {
    return this.enrollments.get(id, user);
  }

  @Post(':id/steps/:stepId/submit')
  @Roles('learner')
  @HttpCode(200)
  submit(
    @Param('id', UuidPipe) id: string,
    @Param('stepId', UuidPipe) stepId: string,
    @Body() dto: SubmitStepDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EnrollmentView> {
    return this.progress.submit(id, stepId, dto, user);
  }

  @Post(':id/steps/:stepId/validate')
  @Roles('facilitator', 'admin', 'trainer')
  @HttpCode(200)
  validate(
    @Param('id', UuidPipe) id: string,
    @Param('stepId', UuidPipe) stepId: string,
    @Body() dto: ValidateStepDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EnrollmentView> {
    return this.progress.validate(id, stepId, dto, user);
  }

  @Post(':id/steps/:stepId/reject')
  @Roles('facilitator', 'admin', 'trainer')
  @HttpCode(200)
  reject(
    @Param('id', UuidPipe) id: string,
    @Param('stepId', UuidPipe) stepId: string,
    @Body() dto: RejectStepDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EnrollmentView> {
    return this.progress.reject(id, stepId, dto, user);
  }

  @Post(':id/pause')
  @Roles('facilitator', 'admin')
  @HttpCode(200)
  pause(@Param('id', UuidPipe) id: string, @Body() dto: EnrollmentTransitionDto, @CurrentUser() user: AuthUser) {
    return this.enrollments.transition(id, 'pause', dto, user);
  }

  @Post(':id/resume')
  @Roles('facilitator', 'admin')
  @HttpCode(200)
  resume(@Param('id', UuidPipe) id: string, @Body() dto: EnrollmentTransitionDto, @CurrentUser() user: AuthUser) {
    return this.enrollments.transition(id, 'resume', dto, user);
  }

  @Post(':id/withdraw')
  @Roles('facilitator', 'admin')
  @HttpCode(200)
  withdraw(@Param('id', UuidPipe) id: string, @Body() dto: EnrollmentTransitionDto, @CurrentUser() user: AuthUser) {
    return this.enrollments.transition(id, 'withdraw', dto, user);
  }

  /** What the young person does after the path (completed or withdrawn enrolments). */
  @Post(':id/outcome')
  @Roles('facilitator', 'admin', 'trainer')
  @HttpCode(200)
  outcome(
    @Param('id', UuidPipe) id: string,
    @Body() dto: RecordOutcomeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EnrollmentView> {
    return this.enrollments.recordOutcome(id, dto, user);
  }
}
