import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Roles } from '../common/auth/decorators.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { GrantQualificationDto } from './dto/grant-qualification.dto.js';
import type { QualificationView } from './qualification-view.js';
import { QualificationsService } from './qualifications.service.js';

@ApiTags('qualifications')
@ApiBearerAuth()
@Controller('participants/:id/qualifications')
export class QualificationsController {
  constructor(private readonly qualifications: QualificationsService) {}

  /** The whole history, revoked and expired included. Staff (scoped), or the learner themself. */
  @Get()
  @AnyRole()
  list(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser): Promise<QualificationView[]> {
    return this.qualifications.list(id, user);
  }

  @Post()
  @Roles('facilitator', 'admin')
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
  async revoke(
    @Param('id', UuidPipe) id: string,
    @Param('qualificationId', UuidPipe) qualificationId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.qualifications.revoke(id, qualificationId, user);
  }
}
