import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import type { AppRequest, Principal } from '../../common/request.js';
import type { OperatorProfile, TotpSetup } from '../../contracts/accounts.js';
import { AllowDuringTwoFactorSetup, Authenticated, CurrentPrincipal } from '../auth/auth.decorators.js';
import { PasswordConfirmationDto, TotpCodeDto } from '../self-service/dto.js';
import { OperatorService } from './operator.service.js';

const OPERATOR = { roles: ['operator'] } as const;

/**
 * The operator's own account: two-factor login, which is mandatory — a session without it may
 * do nothing but set it up. There is no route to switch it off; an operator who lost phone and
 * recovery codes is reset on the server (`npm run cli -- operator:reset-two-factor`).
 */
@ApiTags('platform')
@Authenticated(OPERATOR)
@Controller('api/v1/platform/account')
export class OperatorAccountController {
  constructor(private readonly operators: OperatorService) {}

  @AllowDuringTwoFactorSetup()
  @Get()
  @ApiOperation({ summary: 'My operator account: address and two-factor status' })
  profile(@CurrentPrincipal() principal: Principal): Promise<OperatorProfile> {
    return this.operators.profile(principal);
  }

  @AllowDuringTwoFactorSetup()
  @Post('two-factor/setup')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start setting up two-factor login: a new secret and its QR code' })
  beginTwoFactor(@CurrentPrincipal() principal: Principal): Promise<TotpSetup> {
    return this.operators.beginTwoFactor(principal);
  }

  @AllowDuringTwoFactorSetup()
  @Post('two-factor/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Finish setup with a code from the app; answers the recovery codes (shown once)' })
  confirmTwoFactor(@Req() req: AppRequest, @Body() dto: TotpCodeDto): Promise<{ recoveryCodes: string[] }> {
    return this.operators.confirmTwoFactor(req.session!, dto.code);
  }

  @Post('two-factor/recovery-codes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the recovery codes (password required)' })
  recoveryCodes(@CurrentPrincipal() principal: Principal, @Body() dto: PasswordConfirmationDto): Promise<{ recoveryCodes: string[] }> {
    return this.operators.newRecoveryCodes(principal, dto.password);
  }
}
