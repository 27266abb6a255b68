import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser } from '../common/auth/decorators.js';
import type { Page } from '../common/http/pagination.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiPageResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { ListNotificationsQuery } from './dto/list-notifications.query.js';
import { UpdatePreferencesDto } from './dto/update-preferences.dto.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';
import { NotificationView } from './notification-view.js';
import { NotificationsService } from './notifications.service.js';
import { PreferencesView } from './preferences-view.js';
import { ReadAllView } from './read-all-view.js';

@ApiTags('notifications')
@ApiBearerAuth()
@AnyRole()
@Controller('me')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly preferences: NotificationPreferencesService,
  ) {}

  /** The caller's notifications, newest first; `?unread=true` for the unread ones. */
  @Get('notifications')
  @ApiOperation({ summary: 'My notifications, newest first (`unread=true`: the unread ones)' })
  @ApiPageResult(NotificationView)
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQuery): Promise<Page<NotificationView>> {
    return this.notifications.list(user.id, query);
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiResult(ReadAllView)
  readAll(@CurrentUser() user: AuthUser): Promise<ReadAllView> {
    return this.notifications.markAllRead(user.id);
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notifications read (someone else’s is a 404)' })
  @ApiResult(NotificationView)
  read(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string): Promise<NotificationView> {
    return this.notifications.markRead(user.id, id);
  }

  /** Per kind, whether it is also sent by e-mail. */
  @Get('notification-preferences')
  @ApiOperation({ summary: 'My e-mail preferences, per notification kind' })
  @ApiResult(PreferencesView)
  getPreferences(@CurrentUser() user: AuthUser): Promise<PreferencesView> {
    return this.preferences.view(user.id);
  }

  @Put('notification-preferences')
  @ApiOperation({ summary: 'Change my e-mail preferences: the kinds named are set, the others kept' })
  @ApiResult(PreferencesView)
  putPreferences(@CurrentUser() user: AuthUser, @Body() dto: UpdatePreferencesDto): Promise<PreferencesView> {
    return this.preferences.update(user.id, dto.email);
  }
}
