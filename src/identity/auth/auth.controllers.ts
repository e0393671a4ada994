import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { invalid, unauthenticated } from '../../common/domain-error.js';
import type { AppRequest, Principal, ResolvedCentre } from '../../common/request.js';
import type { Me } from '../../contracts/centre.js';
import { ALL_ROLES, GUEST_ROLE } from '../../contracts/roles.js';
import { CentreService } from '../../tenancy/centre.service.js';
import { AccountService, type LoginOutcome } from '../accounts/account.service.js';
import { PasswordPolicy } from '../accounts/password-policy.js';
import { PasswordService } from '../accounts/password.service.js';
import { type OperatorLoginOutcome, OperatorService } from '../operator/operator.service.js';
import { CsrfService } from '../sessions/csrf.service.js';
import { SessionService } from '../sessions/session.service.js';
import { AllowDuringTwoFactorSetup, Authenticated, CurrentCentre, LoginRoute, Public } from './auth.decorators.js';
import { AcceptInvitationDto, CentreLoginDto, CsrfTokenDto, LoginResultDto, MeDto, OperatorLoginDto } from './dto.js';
import { CentreLoginGuard, OperatorLoginGuard } from './local.strategies.js';

/** Who is behind a session, in the shape the apps show. */
async function describe(
  principal: Principal,
  operators: OperatorService,
  accounts: AccountService,
  centres: CentreService,
): Promise<Me | null> {
  if (principal.type === 'guest') return null;
  if (principal.type === 'operator') {
    const email = await operators.email(principal.id);
    return email ? { id: principal.id, role: 'operator', centre: null, displayName: email, locale: 'de' } : null;
  }
  const slug = await centres.slugOf(principal.centreId!);
  return slug ? accounts.me(principal, slug) : null;
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly csrf: CsrfService,
    private readonly sessions: SessionService,
    private readonly operators: OperatorService,
    private readonly accounts: AccountService,
    private readonly centres: CentreService,
  ) {}

  @Public()
  @Get('csrf')
  @ApiOperation({ summary: 'A CSRF token for the current session (or for anonymous requests)' })
  @ApiOkResponse({ type: CsrfTokenDto })
  token(@Req() req: AppRequest): CsrfTokenDto {
    return { token: this.csrf.issue(req.session?.id) };
  }

  @Authenticated({ roles: ALL_ROLES })
  @AllowDuringTwoFactorSetup()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(@Req() req: AppRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.end(req.session!.id, res);
  }

  @Authenticated({ roles: ALL_ROLES })
  @AllowDuringTwoFactorSetup()
  @Post('logout-all')
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out everywhere: ends every session of this person, this one included' })
  @ApiNoContentResponse()
  async logoutAll(@Req() req: AppRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.endAllFor(req.session!.principal.id);
    this.sessions.clearCookie(res);
  }

  // A guest (no account) is nobody logged in: 401 like no session, so the apps show the login.
  @Authenticated({ roles: [...ALL_ROLES, GUEST_ROLE] })
  @AllowDuringTwoFactorSetup()
  @Get('me')
  @ApiOkResponse({ type: MeDto })
  async me(@Req() req: AppRequest): Promise<Me> {
    const me = await describe(req.session!.principal, this.operators, this.accounts, this.centres);
    if (!me) throw unauthenticated();
    return req.session!.twoFactorSetupPending ? { ...me, twoFactorSetupPending: true } : me;
  }
}

@ApiTags('platform')
@Controller('api/v1/platform/auth')
export class OperatorAuthController {
  constructor(
    private readonly sessions: SessionService,
    private readonly csrf: CsrfService,
    private readonly operators: OperatorService,
    private readonly accounts: AccountService,
    private readonly centres: CentreService,
  ) {}

  @Public()
  @LoginRoute()
  @UseGuards(OperatorLoginGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Operator login; sets the session cookie',
    description:
      'Two-factor login is mandatory for the operator. Until it is set up, the session may only set it up ' +
      '(`me.twoFactorSetupPending`); afterwards the right password without `totp` answers 401 `TOTP_REQUIRED`.',
  })
  @ApiOkResponse({ type: LoginResultDto })
  async login(
    @Body() _body: OperatorLoginDto,
    @Req() req: AppRequest & { user: OperatorLoginOutcome },
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResultDto> {
    const { principal, twoFactorSetupPending } = req.user;
    const session = await this.sessions.start(principal, res, req.session?.id, { twoFactorSetupPending });
    const me = await describe(principal, this.operators, this.accounts, this.centres);
    return { me: { ...me!, ...(twoFactorSetupPending ? { twoFactorSetupPending } : {}) }, csrfToken: this.csrf.issue(session.id) };
  }
}

@ApiTags('auth')
@Controller('api/v1/centres/:centre')
export class CentreAuthController {
  constructor(
    private readonly sessions: SessionService,
    private readonly csrf: CsrfService,
    private readonly accounts: AccountService,
    private readonly passwords: PasswordService,
    private readonly policy: PasswordPolicy,
  ) {}

  @Public()
  @LoginRoute()
  @UseGuards(CentreLoginGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Login for admins, counsellors and clients (login = e-mail or username)',
    description:
      'With the right password but no `totp` for an account that uses two-factor login, the answer is 401 `TOTP_REQUIRED`; ' +
      'send the request again with the code (or a recovery code) in `totp`.',
  })
  @ApiOkResponse({ type: LoginResultDto })
  async login(
    @Body() _body: CentreLoginDto,
    @CurrentCentre() centre: ResolvedCentre,
    @Req() req: AppRequest & { user: LoginOutcome },
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResultDto> {
    const { principal, twoFactorSetupPending } = req.user;
    const session = await this.sessions.start(principal, res, req.session?.id, { twoFactorSetupPending });
    const me = await this.accounts.me(principal, centre.slug);
    return { me: { ...me!, ...(twoFactorSetupPending ? { twoFactorSetupPending } : {}) }, csrfToken: this.csrf.issue(session.id) };
  }

  @Public()
  @Post('invitations/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Invited staff set their password with the token from the invitation e-mail' })
  async accept(@CurrentCentre() centre: ResolvedCentre, @Body() body: AcceptInvitationDto): Promise<{ accepted: true }> {
    const problems = this.policy.check(body.password);
    if (problems.length > 0) throw invalid(problems);
    await this.accounts.acceptInvitation(centre, body.token, await this.passwords.hash(body.password));
    return { accepted: true };
  }
}
