import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators.js';
import type { Page } from '../common/http/pagination.js';
import { PaginationQuery } from '../common/http/pagination.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiErrors, ApiPageResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { CreatePartnerDto } from './dto/create-partner.dto.js';
import { UpdatePartnerDto } from './dto/update-partner.dto.js';
import type { Partner } from './partner.entity.js';
import { PartnerView } from './partner-view.js';
import { PartnersService } from './partners.service.js';

@ApiTags('partners')
@ApiBearerAuth()
@Controller('partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a partner organisation' })
  @ApiResult(PartnerView)
  @ApiErrors('CONFLICT')
  create(@Body() dto: CreatePartnerDto): Promise<Partner> {
    return this.partners.create(dto);
  }

  @Get()
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'List partner organisations' })
  @ApiPageResult(PartnerView)
  list(@Query() query: PaginationQuery): Promise<Page<Partner>> {
    return this.partners.list(query);
  }

  @Get(':id')
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'A partner organisation' })
  @ApiResult(PartnerView)
  get(@Param('id', UuidPipe) id: string): Promise<Partner> {
    return this.partners.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a partner organisation' })
  @ApiResult(PartnerView)
  @ApiErrors('CONFLICT')
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdatePartnerDto): Promise<Partner> {
    return this.partners.update(id, dto);
  }
}
