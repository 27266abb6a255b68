import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user.js';
import { AnyRole, CurrentUser, Public } from '../common/auth/decorators.js';
import { ApiErrors, ApiResult } from '../common/openapi/api-result.decorator.js';
import { toUserView, UserView } from '../users/user-view.js';
import { UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshTokenDto } from './dto/refresh-token.dto.js';
import { TokenPair } from './token-pair.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with an e-mail or username and a password', description: 'Throttled before the password is checked: see the README (Login throttle); a 429 carries Retry-After.' })
  @ApiResult(TokenPair)
  @ApiErrors('INVALID_CREDENTIALS', 'TOO_MANY_REQUESTS')
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<TokenPair> {
    return this.auth.login(dto.login, dto.password, ip);
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
  @ApiOperation({ summary: 'Log out: end this session', description: 'Revokes the refresh-token family; its access tokens are refused at once.' })
  async logout(@Body() dto: RefreshTokenDto, @CurrentUser() user: AuthUser): Promise<void> {
    await this.auth.logout(dto.refreshToken, user.id);
  }

  /** Any user changes their own password; their other sessions end (access tokens included), this one goes on. */
  @Post('password')
  @AnyRole()
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({
    summary: "Change one's own password",
    description:
      'Answers 204. Every other session of the account ends at once (their access tokens included); this one goes on. A wrong currentPassword is 401 INVALID_CREDENTIALS (details.field = currentPassword) and counts like a failed login (429 with Retry-After).',
  })
  @ApiErrors('INVALID_CREDENTIALS', 'TOO_MANY_REQUESTS')
  async changePassword(@Body() dto: ChangePasswordDto, @CurrentUser() user: AuthUser, @Ip() ip: string): Promise<void> {
    await this.auth.changePassword(user, dto.currentPassword, dto.newPassword, ip);
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
