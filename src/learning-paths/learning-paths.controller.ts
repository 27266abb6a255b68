import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AnyRole } from '../common/auth/decorators.js';
import { type Page, PaginationQuery } from '../common/http/pagination.js';
import { ApiPageResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { LearningPathView } from './learning-path-view.js';
import { LearningPathsService } from './learning-paths.service.js';

@ApiTags('learning paths')
@ApiBearerAuth()
@AnyRole()
@Controller('learning-paths')
export class LearningPathsController {
  constructor(private readonly learningPaths: LearningPathsService) {}

  @Get()
  @ApiOperation({ summary: 'The learning paths offered, with their steps' })
  @ApiPageResult(LearningPathView)
  list(@Query() query: PaginationQuery): Promise<Page<LearningPathView>> {
    return this.learningPaths.list(query);
  }

  @Get(':idOrCode')
  @ApiOperation({ summary: 'A learning path by id or code, with its steps' })
  @ApiResult(LearningPathView)
  @ApiParam({ name: 'idOrCode', description: 'the path id, or its code (EXPERIMENTER, APPRENDRE, FABRIQUER, PARTAGER)' })
  get(@Param('idOrCode') idOrCode: string): Promise<LearningPathView> {
    return this.learningPaths.get(idOrCode);
  }
}
