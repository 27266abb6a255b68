import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../common/auth/auth-user.js';
import { CurrentUser, Roles } from '../common/auth/decorators.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiResult } from '../common/openapi/api-result.decorator.js';
import { ParticipantExport } from './participant-export-view.js';
import { ParticipantExportService } from './participant-export.service.js';

@ApiTags('participants')
@ApiBearerAuth()
@Controller('participants')
export class ParticipantExportController {
  constructor(private readonly exports: ParticipantExportService) {}

  /** GDPR access: everything held on the person. */
  @Get(':id/export')
  @Roles('facilitator', 'admin')
  @ApiOperation({
    // The route moved here from ParticipantsController: clients generated from the document keep
    // the method name they had.
    operationId: 'ParticipantsController_export',
    summary: 'GDPR access: everything held on the person',
    description:
      'participant, enrollments, events, qualifications, account, and what other features hold: bookings {planned, attended, made}, incidentsReported, notifications, notificationPreferences, calendarFeed {exists, createdAt}, evidencePhotos.',
  })
  @Header('Cache-Control', 'no-store')
  @ApiResult(ParticipantExport)
  async export(
    @Param('id', UuidPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ParticipantExport> {
    const document = await this.exports.export(id, user);
    res.setHeader('Content-Disposition', `attachment; filename="participant-${id}.json"`);
    return document;
  }
}
