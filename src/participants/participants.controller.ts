import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../common/auth/auth-user.js';
import { CurrentUser, Roles } from '../common/auth/decorators.js';
import type { Page } from '../common/http/pagination.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiErrors, ApiPageResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { CreateEnrollmentDto } from './dto/create-enrollment.dto.js';
import { CreateParticipantDto } from './dto/create-participant.dto.js';
import { ListParticipantsQuery } from './dto/list-participants.query.js';
import { UpdateParticipantDto } from './dto/update-participant.dto.js';
import { EnrollmentView } from './enrollment-view.js';
import { EnrollmentsService } from './enrollments.service.js';
import { IssuedActivation } from './issued-activation-view.js';
import { LearnerAccountsService } from './learner-accounts.service.js';
import { ParticipantErasureService } from './participant-erasure.service.js';
import { activationUrlFor } from './activation-url.js';
import { ParticipantDetail, ParticipantListItem } from './participant-detail-view.js';
import { ParticipantsService } from './participants.service.js';
import { TimelineEventView } from './participant-timeline-view.js';
import { ParticipantTimelineService } from './participant-timeline.service.js';

@ApiTags('participants')
@ApiBearerAuth()
@Controller('participants')
export class ParticipantsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly enrollments: EnrollmentsService,
    private readonly accounts: LearnerAccountsService,
    private readonly erasure: ParticipantErasureService,
    private readonly timelines: ParticipantTimelineService,
  ) {}

  @Post()
  @Roles('facilitator', 'admin')
  @ApiOperation({ summary: 'Register a young person' })
  @ApiResult(ParticipantDetail)
  @ApiErrors('PARTICIPANT_EXISTS', 'PARENTAL_CONSENT_REQUIRED')
  create(@Body() dto: CreateParticipantDto, @CurrentUser() user: AuthUser): Promise<ParticipantDetail> {
    return this.participants.create(dto, user);
  }

  /** Staff; a trainer sees the young people their partner referred. */
  @Get()
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({
    summary: 'Search young people (trainers: those their partner referred or who attend their bookings)',
    description: 'contact and guardian are null for a trainer unless their partner referred the young person.',
  })
  @ApiPageResult(ParticipantListItem)
  list(@Query() query: ListParticipantsQuery, @CurrentUser() user: AuthUser): Promise<Page<ParticipantListItem>> {
    return this.participants.list(query, user);
  }

  /** Staff (a trainer: their partner's), and a learner for their own record. */
  @Get(':id')
  @Roles('admin', 'facilitator', 'trainer', 'learner')
  @ApiOperation({
    summary: 'A young person with their enrolments and progress (learners: themselves only)',
    description: 'contact and guardian are null for a trainer unless their partner referred the young person (one who only attends their bookings).',
  })
  @ApiResult(ParticipantDetail)
  get(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser): Promise<ParticipantDetail> {
    return this.participants.detail(id, user);
  }

  /** The whole progress log, newest first. Staff (a trainer: their partner's), and a learner for their own. */
  @Get(':id/timeline')
  @Roles('admin', 'facilitator', 'trainer', 'learner')
  @ApiOperation({
    summary: 'A young person’s progress log: every event of every enrolment (who did what, when, with which note or evidence), newest first',
    description: 'A bare array, not a page: the log of one person is short (a few events per step) and read whole, as a timeline.',
  })
  @ApiResult([TimelineEventView])
  timeline(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser): Promise<TimelineEventView[]> {
    return this.timelines.timeline(id, user);
  }

  @Patch(':id')
  @Roles('facilitator', 'admin')
  @ApiOperation({ summary: 'Change a young person’s record (postcode, partner, contact and guardian may be cleared with null)' })
  @ApiResult(ParticipantDetail)
  @ApiErrors('PARTICIPANT_EXISTS', 'PARENTAL_CONSENT_REQUIRED')
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateParticipantDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ParticipantDetail> {
    return this.participants.update(id, dto, user);
  }

  /** GDPR erasure: personal data wiped, the pseudonymous statistical profile kept. */
  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Erase a young person (GDPR): personal data wiped, the pseudonymous statistical profile kept' })
  async erase(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.erasure.erase(id, user);
  }

  /** Creates the learner account (or re-issues its code): the code is shown once, valid 14 days. */
  @Post(':id/account')
  @Roles('facilitator', 'admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Create the learner account (or issue a new code): the one-time activation code, valid 14 days',
    description: 'The code is `code`, the name POST /auth/activate takes; `activationCode` carries the same value for older clients (deprecated).',
  })
  @ApiResult(IssuedActivation)
  @ApiErrors('CONFLICT')
  async issueAccount(
    @Param('id', UuidPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: Request,
  ): Promise<IssuedActivation> {
    const issued = await this.accounts.issue(id, user);
    return { ...issued, activationUrl: activationUrlFor(request, issued.code) };
  }

  @Post(':id/enrollments')
  @Roles('facilitator', 'admin')
  @ApiOperation({ summary: 'Enrol a young person in a learning path (by pathCode or pathId)' })
  @ApiResult(EnrollmentView)
  @ApiErrors('ALREADY_ENROLLED', 'PREREQUISITE_NOT_MET')
  enrol(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateEnrollmentDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EnrollmentView> {
    return this.enrollments.enrol(id, dto, user);
  }
}
