import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Public } from '../common/auth/decorators.js';
import { ApiErrors, ApiResult } from '../common/openapi/api-result.decorator.js';
import { toUserView, UserView } from '../users/user-view.js';
import { UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshTokenDto } from './dto/refresh-token.dto.js';
import { LoginThrottle } from './login-throttle.js';
import { TokenPair } from './token-pair.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly throttle: LoginThrottle,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with an e-mail or username and a password', description: 'Throttled: 10 failures per login and IP in 5 minutes → 429.' })
  @ApiResult(TokenPair)
  @ApiErrors('INVALID_CREDENTIALS', 'TOO_MANY_REQUESTS')
  async login(@Body() dto: LoginDto, @Ip() ip: string): Promise<TokenPair> {
    await this.throttle.assertAllowed(ip, dto.login);
    try {
      const pair = await this.auth.login(dto.login, dto.password);
      await this.throttle.reset(ip, dto.login);
      return pair;
    } catch (error) {
      await this.throttle.recordFailure(ip, dto.login);
      throw error;
    }
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair', description: 'Refresh tokens rotate; a reused one revokes its whole family (401).' })
  @ApiResult(TokenPair)
  @ApiErrors('UNAUTHENTICATED')
  refresh(@Body() dto: RefreshTokenDto): Promise<TokenPair> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @AnyRole()
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out: revoke this refresh token' })
  async logout(@Body() dto: RefreshTokenDto, @CurrentUser() user: AuthUser): Promise<void> {
    await this.auth.logout(dto.refreshToken, user.id);
  }

  @Get('me')
  @AnyRole()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiResult(UserView)
  async me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return toUserView(await this.users.get(user.id));
  }
}
