import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Roles } from '../common/auth/decorators.js';
import { OpeningHoursDto } from './dto/opening-hours.dto.js';
import type { OpeningHoursView } from './opening-hours-view.js';
import { OpeningHoursService } from './opening-hours.service.js';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings')
export class SettingsController {
  constructor(private readonly openingHours: OpeningHoursService) {}

  @Get('opening-hours')
  @AnyRole()
  get(): Promise<OpeningHoursView> {
    return this.openingHours.view();
  }

  @Put('opening-hours')
  @Roles('admin')
  replace(@Body() dto: OpeningHoursDto, @CurrentUser() user: AuthUser): Promise<OpeningHoursView> {
    return this.openingHours.replace(dto, user.id);
  }
}
