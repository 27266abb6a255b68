import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Roles } from '../common/auth/decorators.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiErrors, ApiResult } from '../common/openapi/api-result.decorator.js';
import { EnrollmentTransitionDto } from './dto/enrollment-transition.dto.js';
import { RecordOutcomeDto } from './dto/record-outcome.dto.js';
import { RejectStepDto } from './dto/reject-step.dto.js';
import { SubmitStepDto } from './dto/submit-step.dto.js';
import { ValidateStepDto } from './dto/validate-step.dto.js';
import { EnrollmentView } from './enrollment-view.js';
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
  @ApiOperation({ summary: 'An enrolment with its steps and progress (staff, or the learner themself)' })
  @ApiResult(EnrollmentView)
  get(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser): Promise<EnrollmentView> {
    return this.enrollments.get(id, user);
  }

  @Post(':id/steps/:stepId/submit')
  @Roles('learner')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a step for validation (the learner)' })
  @ApiParam({ name: 'stepId', description: 'the step’s id, or its code in the enrolment’s path (e.g. `laser-cutter`)' })
  @ApiResult(EnrollmentView)
  @ApiErrors('INVALID_TRANSITION')
  submit(
    @Param('id', UuidPipe) id: string,
    @Param('stepId') stepIdOrCode: string,
    @Body() dto: SubmitStepDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EnrollmentView> {
    return this.progress.submit(id, stepIdOrCode, dto, user);
  }

  @Post(':id/steps/:stepId/validate')
  @Roles('facilitator', 'admin', 'trainer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate a step (grants its qualification; completes the enrolment when all required steps are validated)' })
  @ApiParam({ name: 'stepId', description: 'the step’s id, or its code in the enrolment’s path (e.g. `laser-cutter`)' })
  @ApiResult(EnrollmentView)
  @ApiErrors('INVALID_TRANSITION')
  validate(
    @Param('id', UuidPipe) id: string,
    @Param('stepId') stepIdOrCode: string,
    @Body() dto: ValidateStepDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EnrollmentView> {
    return this.progress.validate(id, stepIdOrCode, dto, user);
  }

  @Post(':id/steps/:stepId/reject')
  @Roles('facilitator', 'admin', 'trainer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a submitted step back to do again, with a reason' })
  @ApiParam({ name: 'stepId', description: 'the step’s id, or its code in the enrolment’s path (e.g. `laser-cutter`)' })
  @ApiResult(EnrollmentView)
  @ApiErrors('INVALID_TRANSITION')
  reject(
    @Param('id', UuidPipe) id: string,
    @Param('stepId') stepIdOrCode: string,
    @Body() dto: RejectStepDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EnrollmentView> {
    return this.progress.reject(id, stepIdOrCode, dto, user);
  }

  @Post(':id/pause')
  @Roles('facilitator', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause an active enrolment' })
  @ApiResult(EnrollmentView)
  @ApiErrors('INVALID_TRANSITION')
  pause(@Param('id', UuidPipe) id: string, @Body() dto: EnrollmentTransitionDto, @CurrentUser() user: AuthUser) {
    return this.enrollments.transition(id, 'pause', dto, user);
  }

  @Post(':id/resume')
  @Roles('facilitator', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused enrolment' })
  @ApiResult(EnrollmentView)
  @ApiErrors('INVALID_TRANSITION')
  resume(@Param('id', UuidPipe) id: string, @Body() dto: EnrollmentTransitionDto, @CurrentUser() user: AuthUser) {
    return this.enrollments.transition(id, 'resume', dto, user);
  }

  @Post(':id/withdraw')
  @Roles('facilitator', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw an enrolment (the young person left the path)' })
  @ApiResult(EnrollmentView)
  @ApiErrors('INVALID_TRANSITION')
  withdraw(@Param('id', UuidPipe) id: string, @Body() dto: EnrollmentTransitionDto, @CurrentUser() user: AuthUser) {
    return this.enrollments.transition(id, 'withdraw', dto, user);
  }

  /** What the young person does after the path (completed or withdrawn enrolments). */
  @Post(':id/outcome')
  @Roles('facilitator', 'admin', 'trainer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record what the young person does after the path (completed or withdrawn enrolments)' })
  @ApiResult(EnrollmentView)
  @ApiErrors('INVALID_TRANSITION')
  outcome(
    @Param('id', UuidPipe) id: string,
    @Body() dto: RecordOutcomeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EnrollmentView> {
    return this.enrollments.recordOutcome(id, dto, user);
  }
}
