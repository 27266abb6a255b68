import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { CurrentUser, Roles } from '../common/auth/decorators.js';
import type { Page } from '../common/http/pagination.js';
import { ApiErrors, ApiPageResult, ApiResult } from '../common/openapi/api-result.decorator.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { ListUsersQuery } from './dto/list-users.query.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { toUserView, UserView } from './user-view.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user (staff or learner account)' })
  @ApiResult(UserView)
  @ApiErrors('CONFLICT')
  async create(@Body() dto: CreateUserDto): Promise<UserView> {
    return toUserView(await this.users.create(dto));
  }

  @Get()
  @ApiOperation({ summary: 'List users' })
  @ApiPageResult(UserView)
  async list(@Query() query: ListUsersQuery): Promise<Page<UserView>> {
    const result = await this.users.list(query);
    return { ...result, items: result.items.map(toUserView) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A user' })
  @ApiResult(UserView)
  async get(@Param('id', UuidPipe) id: string): Promise<UserView> {
    return toUserView(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user' })
  @ApiResult(UserView)
  @ApiErrors('CONFLICT')
  async update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<UserView> {
    return toUserView(await this.users.update(id, dto, actor));
  }

  /** Deactivates: accounts are never deleted, their history stays attributable. */
  @Delete(':id')
  @ApiOperation({ summary: 'Deactivate a user (accounts are never deleted)' })
  @ApiResult(UserView)
  @ApiErrors('CONFLICT')
  async deactivate(@Param('id', UuidPipe) id: string, @CurrentUser() actor: AuthUser): Promise<UserView> {
    return toUserView(await this.users.deactivate(id, actor));
  }
}
