import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { TokenPair } from '../auth/token-pair.js';
import { Public } from '../common/auth/decorators.js';
import { ApiErrors, ApiResult } from '../common/openapi/api-result.decorator.js';
import { ActivateAccountDto } from './dto/activate-account.dto.js';
import { LearnerAccountsService } from './learner-accounts.service.js';

/** POST /auth/activate lives with learner accounts, beside the auth routes. */
@ApiTags('auth')
@Controller('auth')
export class ActivationController {
  constructor(private readonly accounts: LearnerAccountsService) {}

  /** A learner chooses their username and password with the code the fablab gave them. */
  @Post('activate')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Activate a learner account with its one-time code; answers the login pair' })
  @ApiResult(TokenPair)
  @ApiErrors('INVALID_CREDENTIALS', 'CONFLICT', 'TOO_MANY_REQUESTS')
  activate(@Body() dto: ActivateAccountDto, @Ip() ip: string): Promise<TokenPair> {
    return this.accounts.activate(dto, ip);
  }
}
