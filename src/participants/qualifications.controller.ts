import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Roles } from '../common/auth/decorators.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiResult } from '../common/openapi/api-result.decorator.js';
import { GrantQualificationDto } from './dto/grant-qualification.dto.js';
import { RevokeQualificationDto } from './dto/revoke-qualification.dto.js';
import { QualificationView } from './qualification-view.js';
import { QualificationsService } from './qualifications.service.js';

@ApiTags('qualifications')
@ApiBearerAuth()
@Controller('participants/:id/qualifications')
export class QualificationsController {
  constructor(private readonly qualifications: QualificationsService) {}

  /** The whole history, revoked and expired included. Staff (scoped), or the learner themself. */
  @Get()
  @AnyRole()
  @ApiOperation({
    summary: 'A young person’s qualifications: the whole history, revoked and expired included (staff in scope, or the learner themself)',
    description:
      'A bare array, not a page: the history of one person is short (a grant per machine category every 24 months at most) and always wanted whole, to show what is valid, expired or revoked.',
  })
  @ApiResult([QualificationView])
  list(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser): Promise<QualificationView[]> {
    return this.qualifications.list(id, user);
  }

  @Post()
  @Roles('facilitator', 'admin')
  @ApiOperation({ summary: 'Grant a qualification directly (valid 24 months unless expiresAt says otherwise)' })
  @ApiResult(QualificationView)
  grant(
    @Param('id', UuidPipe) id: string,
    @Body() dto: GrantQualificationDto,
    @CurrentUser() user: AuthUser,
  ): Promise<QualificationView> {
    return this.qualifications.grant(id, dto, user);
  }

  /** Revokes (the row is kept, with revokedAt) every valid grant of that category. */
  @Delete(':qualificationId')
  @Roles('facilitator', 'admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a qualification: every valid grant of its category is kept, marked revoked' })
  async revoke(
    @Param('id', UuidPipe) id: string,
    @Param('qualificationId', UuidPipe) qualificationId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.qualifications.revoke(id, qualificationId, user);
  }

  /** The same revocation, with the reason staff give (kept with the rows, shown on the person's page). */
  @Post(':qualificationId/revoke')
  @Roles('facilitator', 'admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke a qualification with a reason: every valid grant of its category is kept, marked revoked with the reason',
  })
  async revokeWithReason(
    @Param('id', UuidPipe) id: string,
    @Param('qualificationId', UuidPipe) qualificationId: string,
    @Body() dto: RevokeQualificationDto,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.qualifications.revoke(id, qualificationId, user, dto.reason);
  }
}
