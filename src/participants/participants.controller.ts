import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../common/auth/auth-user.js';
import { CurrentUser, Roles } from '../common/auth/decorators.js';
import type { Page } from '../common/http/pagination.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { CreateEnrollmentDto } from './dto/create-enrollment.dto.js';
import { CreateParticipantDto } from './dto/create-participant.dto.js';
import { ListParticipantsQuery } from './dto/list-participants.query.js';
import { UpdateParticipantDto } from './dto/update-participant.dto.js';
import type { EnrollmentView } from './enrollment-view.js';
import { EnrollmentsService } from './enrollments.service.js';
import { type IssuedActivation, LearnerAccountsService } from './learner-accounts.service.js';
import { ParticipantErasureService } from './participant-erasure.service.js';
import { type ParticipantExport, ParticipantExportService } from './participant-export.service.js';
import { activationUrlFor } from './activation-url.js';
import { type ParticipantDetail, type ParticipantListItem, ParticipantsService } from './participants.service.js';

@ApiTags('participants')
@ApiBearerAuth()
@Controller('participants')
export class ParticipantsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly enrollments: EnrollmentsService,
    private readonly accounts: LearnerAccountsService,
    private readonly exports: ParticipantExportService,
    private readonly erasure: ParticipantErasureService,
  ) {}

  @Post()
  @Roles('facilitator', 'admin')
  create(@Body() dto: CreateParticipantDto, @CurrentUser() user: AuthUser): Promise<ParticipantDetail> {
    return this.participants.create(dto, user);
  }

  /** Staff; a trainer sees the young people their partner referred. */
  @Get()
  @Roles('admin', 'facilitator', 'trainer')
  list(@Query() query: ListParticipantsQuery, @CurrentUser() user: AuthUser): Promise<Page<ParticipantListItem>> {
    return this.participants.list(query, user);
  }

  /** Staff (a trainer: their partner's), and a learner for their own record. */
  @Get(':id')
  @Roles('admin', 'facilitator', 'trainer', 'learner')
  get(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser): Promise<ParticipantDetail> {
    return this.participants.detail(id, user);
  }

  @Patch(':id')
  @Roles('facilitator', 'admin')
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
  async erase(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.erasure.erase(id, user);
  }

  /** GDPR access: everything held on the person. */
  @Get(':id/export')
  @Roles('facilitator', 'admin')
  @ApiOperation({
    summary: 'GDPR access: everything held on the person',
    description:
      'participant, enrollments, events, qualifications, account, and the sections other features add: bookings {planned, attended, made}, incidentsReported, notifications, notificationPreferences, calendarFeed {exists, createdAt}.',
  })
  @Header('Cache-Control', 'no-store')
  async export(
    @Param('id', UuidPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ParticipantExport> {
    const document = await this.exports.export(id, user);
    res.setHeader('Content-Disposition', `attachment; filename="participant-${id}.json"`);
    return document;
  }

  /** Creates the learner account (or re-issues its code): the code is shown once, valid 14 days. */
  @Post(':id/account')
  @Roles('facilitator', 'admin')
  @Header('Cache-Control', 'no-store')
  async issueAccount(
    @Param('id', UuidPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: Request,
  ): Promise<IssuedActivation & { activationUrl: string }> {
    const issued = await this.accounts.issue(id, user);
    return { ...issued, activationUrl: activationUrlFor(request, issued.activationCode) };
  }

  @Post(':id/enrollments')
  @Roles('facilitator', 'admin')
  enrol(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateEnrollmentDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EnrollmentView> {
    return this.enrollments.enrol(id, dto, user);
  }
}
