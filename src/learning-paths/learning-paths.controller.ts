import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { AnyRole } from '../common/auth/decorators.js';
import { type Page, PaginationQuery } from '../common/http/pagination.js';
import type { LearningPathView } from './learning-path-view.js';
import { LearningPathsService } from './learning-paths.service.js';

@ApiTags('learning paths')
@ApiBearerAuth()
@AnyRole()
@Controller('learning-paths')
export class LearningPathsController {
  constructor(private readonly learningPaths: LearningPathsService) {}

  @Get()
  list(@Query() query: PaginationQuery): Promise<Page<LearningPathView>> {
    return this.learningPaths.list(query);
  }

  @Get(':idOrCode')
  @ApiParam({ name: 'idOrCode', description: 'the path id, or its code (EXPERIMENTER, APPRENDRE, FABRIQUER, PARTAGER)' })
  get(@Param('idOrCode') idOrCode: string): Promise<LearningPathView> {
    return this.learningPaths.get(idOrCode);
  }
}
