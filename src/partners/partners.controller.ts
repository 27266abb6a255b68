import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators.js';
import type { Page } from '../common/http/pagination.js';
import { PaginationQuery } from '../common/http/pagination.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ApiErrors, ApiPageResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { CreatePartnerDto } from './dto/create-partner.dto.js';
import { UpdatePartnerDto } from './dto/update-partner.dto.js';
import { toPartnerView, PartnerView } from './partner-view.js';
import { PartnersService } from './partners.service.js';

@ApiTags('partners')
@ApiBearerAuth()
@Controller('partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a partner organisation' })
  @ApiResult(PartnerView)
  @ApiErrors('CONFLICT')
  async create(@Body() dto: CreatePartnerDto): Promise<PartnerView> {
    return toPartnerView(await this.partners.create(dto));
  }

  @Get()
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'List partner organisations' })
  @ApiPageResult(PartnerView)
  async list(@Query() query: PaginationQuery): Promise<Page<PartnerView>> {
    const result = await this.partners.list(query);
    return { ...result, items: result.items.map(toPartnerView) };
  }

  @Get(':id')
  @Roles('admin', 'facilitator', 'trainer')
  @ApiOperation({ summary: 'A partner organisation' })
  @ApiResult(PartnerView)
  async get(@Param('id', UuidPipe) id: string): Promise<PartnerView> {
    return toPartnerView(await this.partners.get(id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename, re-kind or deactivate a partner organisation' })
  @ApiResult(PartnerView)
  @ApiErrors('CONFLICT')
  async update(@Param('id', UuidPipe) id: string, @Body() dto: UpdatePartnerDto): Promise<PartnerView> {
    return toPartnerView(await this.partners.update(id, dto));
  }
}
