import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Roles } from '../common/auth/decorators.js';
import { ApiResult } from '../common/openapi/api-result.decorator.js';
import { OpeningHoursDto } from './dto/opening-hours.dto.js';
import { OpeningHoursView } from './opening-hours-view.js';
import { OpeningHoursService } from './opening-hours.service.js';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings')
export class SettingsController {
  constructor(private readonly openingHours: OpeningHoursService) {}

  @Get('opening-hours')
  @AnyRole()
  @ApiOperation({ summary: 'Opening hours: the weekly schedule and the closures' })
  @ApiResult(OpeningHoursView)
  get(): Promise<OpeningHoursView> {
    return this.openingHours.view();
  }

  @Put('opening-hours')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the opening hours (every day and closure is checked; each bad field is named)' })
  @ApiResult(OpeningHoursView)
  replace(@Body() dto: OpeningHoursDto, @CurrentUser() user: AuthUser): Promise<OpeningHoursView> {
    return this.openingHours.replace(dto, user.id);
  }
}
