import { Body, Controller, Delete, Get, Header, HttpCode, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import type { AppRequest, Principal, ResolvedCentre } from '../../common/request.js';
import { CENTRE_ROLES, STAFF_ROLES } from '../../contracts/roles.js';
import type { TotpSetup } from '../accounts/totp.service.js';
import { AllowDuringTwoFactorSetup, Authenticated, CurrentCentre, CurrentPrincipal, Public } from '../auth/auth.decorators.js';
import { TokenDto } from '../registration/dto.js';
import {
  type AccountProfile,
  ChangeEmailDto,
  ChangePasswordDto,
  PasswordConfirmationDto,
  TotpCodeDto,
  UpdateProfileDto,
} from './dto.js';
import { SelfService } from './self-service.service.js';

const ANYONE = { roles: CENTRE_ROLES } as const;
const STAFF = { roles: STAFF_ROLES } as const;

@ApiTags('account')
@Controller('api/v1/centres/:centre/account')
export class AccountController {
  constructor(private readonly self: SelfService) {}

  @Authenticated(ANYONE)
  @AllowDuringTwoFactorSetup()
  @Get()
  @ApiOperation({ summary: 'My account: identity, language, two-factor status' })
  profile(@CurrentPrincipal() principal: Principal): Promise<AccountProfile> {
    return this.self.profile(principal);
  }

  @Authenticated(ANYONE)
  @Patch()
  update(@CurrentPrincipal() principal: Principal, @Body() dto: UpdateProfileDto): Promise<AccountProfile> {
    return this.self.update(principal, dto);
  }

  @Authenticated(ANYONE)
  @Put('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change my password; every other session ends' })
  @ApiNoContentResponse()
  changePassword(@Req() req: AppRequest, @Body() dto: ChangePasswordDto, @Res({ passthrough: true }) res: Response): Promise<void> {
    return this.self.changePassword(req.session!, dto.currentPassword, dto.newPassword, res);
  }

  @Authenticated(ANYONE)
  @Post('email')
  @HttpCode(202)
  @ApiOperation({ summary: 'Change my e-mail address: the new address must confirm by link' })
  async changeEmail(
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
    @Body() dto: ChangeEmailDto,
  ): Promise<{ accepted: true }> {
    await this.self.requestEmailChange(centre, principal, dto.email, dto.password);
    return { accepted: true };
  }

  /** Public: the link may be opened in another browser than the one logged in. */
  @Public()
  @Post('email/confirm')
  @HttpCode(200)
  async confirmEmail(@CurrentCentre() centre: ResolvedCentre, @Body() dto: TokenDto): Promise<{ confirmed: true }> {
    await this.self.confirmEmailChange(centre, dto.token);
    return { confirmed: true };
  }

  @Authenticated(ANYONE)
  @Get('export')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Everything stored about me, as a JSON download (DSGVO Art. 15/20)' })
  async export(
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    const data = await this.self.export(centre, principal);
    res.setHeader('Content-Disposition', `attachment; filename="beradig-${centre.slug}-${new Date().toISOString().slice(0, 10)}.json"`);
    return data;
  }

  @Authenticated(ANYONE)
  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete my account and everything that is mine, irrecoverably (password required)' })
  @ApiNoContentResponse()
  delete(@CurrentPrincipal() principal: Principal, @Body() dto: PasswordConfirmationDto, @Res({ passthrough: true }) res: Response): Promise<void> {
    return this.self.deleteOwn(principal, dto.password, res);
  }

  @Authenticated(STAFF)
  @AllowDuringTwoFactorSetup()
  @Post('two-factor/setup')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start setting up two-factor login: a new secret and its QR code' })
  beginTwoFactor(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal): Promise<TotpSetup> {
    return this.self.beginTwoFactor(centre, principal);
  }

  @Authenticated(STAFF)
  @AllowDuringTwoFactorSetup()
  @Post('two-factor/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Finish setup with a code from the app; answers the recovery codes (shown once)' })
  confirmTwoFactor(@Req() req: AppRequest, @Body() dto: TotpCodeDto): Promise<{ recoveryCodes: string[] }> {
    return this.self.confirmTwoFactor(req.session!, dto.code);
  }

  @Authenticated(STAFF)
  @Post('two-factor/disable')
  @HttpCode(204)
  @ApiNoContentResponse()
  disableTwoFactor(@CurrentPrincipal() principal: Principal, @Body() dto: PasswordConfirmationDto): Promise<void> {
    return this.self.disableTwoFactor(principal, dto.password);
  }

  @Authenticated(STAFF)
  @Post('two-factor/recovery-codes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the recovery codes (password required)' })
  recoveryCodes(@CurrentPrincipal() principal: Principal, @Body() dto: PasswordConfirmationDto): Promise<{ recoveryCodes: string[] }> {
    return this.self.newRecoveryCodes(principal, dto.password);
  }
}
