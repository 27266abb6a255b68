import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Public } from '../common/auth/decorators.js';
import { ApiFileResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { API_PREFIX } from '../configure-app.js';
import { CalendarFeedService } from './calendar-feed.service.js';
import { CalendarTokenView } from './calendar-token-view.js';

@ApiTags('bookings')
@Controller()
export class CalendarController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Post('me/calendar-token')
  @AnyRole()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Issue my calendar-feed token (revokes the previous one) → {token, url}; the token is shown once' })
  @ApiResult(CalendarTokenView)
  async issue(@CurrentUser() user: AuthUser, @Req() req: Request): Promise<CalendarTokenView> {
    const token = await this.feeds.issue(user.id);
    return { token, url: `${req.protocol}://${req.host}/${API_PREFIX}/calendar/${token}.ics` };
  }

  @Delete('me/calendar-token')
  @AnyRole()
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke my calendar-feed token' })
  async revoke(@CurrentUser() user: AuthUser): Promise<void> {
    await this.feeds.revoke(user.id);
  }

  @Get('calendar/:token.ics')
  @Public()
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'My bookings (made or attended) as iCalendar; unknown or revoked token → 404' })
  @ApiFileResult('text/calendar', 'the iCalendar feed (RFC 5545)')
  async feed(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const body = await this.feeds.feed(token);
    // Set once the feed exists: an error keeps the JSON error shape.
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Cache-Control', 'private, no-store');
    return body;
  }
}
