import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { unauthenticated } from '../../common/domain-error.js';
import type { AppRequest, Principal, ResolvedCentre } from '../../common/request.js';
import type { Me } from '../../contracts/centre.js';
import { CENTRE_ROLES } from '../../contracts/roles.js';
import { CentreService } from '../../tenancy/centre.service.js';
import { AccountService } from '../accounts/account.service.js';
import { Authenticated, CurrentCentre, LoginRoute, Public } from './auth.decorators.js';
import { CsrfService } from '../sessions/csrf.service.js';
import {
  AcceptInvitationDto,
  CentreLoginDto,
  CsrfTokenDto,
  LoginResultDto,
  MeDto,
  OperatorLoginDto,
} from './dto.js';
import { CentreLoginGuard, OperatorLoginGuard } from './local.strategies.js';
import { OperatorService } from '../operator/operator.service.js';
import { SessionService } from '../sessions/session.service.js';

const ALL_ROLES = ['operator', ...CENTRE_ROLES] as const;

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
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(@Req() req: AppRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.end(req.session!.id, res);
  }

  @Authenticated({ roles: ALL_ROLES })
  @Get('me')
  @ApiOkResponse({ type: MeDto })
  async me(@Req() req: AppRequest): Promise<Me> {
    const me = await describe(req.session!.principal, this.operators, this.accounts, this.centres);
    if (!me) throw unauthenticated();
    return me;
  }
}

async function describe(
  principal: Principal,
  operators: OperatorService,
  accounts: AccountService,
  centres: CentreService,
): Promise<Me | null> {
  if (principal.type === 'operator') {
    const email = await operators.email(principal.id);
    return email ? { id: principal.id, role: 'operator', centre: null, displayName: email, locale: 'de' } : null;
  }
  const slug = await centres.slugOf(principal.centreId!);
  return slug ? accounts.me(principal, slug) : null;
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
  @ApiOperation({ summary: 'Operator login; sets the session cookie' })
  @ApiOkResponse({ type: LoginResultDto })
  async login(
    @Body() _body: OperatorLoginDto,
    @Req() req: AppRequest & { user: Principal },
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResultDto> {
    const session = await this.sessions.start(req.user, res, req.session?.id);
    const me = await describe(req.user, this.operators, this.accounts, this.centres);
    return { me: me!, csrfToken: this.csrf.issue(session.id) };
  }
}

@ApiTags('auth')
@Controller('api/v1/centres/:centre')
export class CentreAuthController {
  constructor(
    private readonly sessions: SessionService,
    private readonly csrf: CsrfService,
    private readonly accounts: AccountService,
  ) {}

  @Public()
  @LoginRoute()
  @UseGuards(CentreLoginGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Login for admins, counsellors and clients (login = e-mail or username)' })
  @ApiOkResponse({ type: LoginResultDto })
  async login(
    @Body() _body: CentreLoginDto,
    @CurrentCentre() centre: ResolvedCentre,
    @Req() req: AppRequest & { user: Principal },
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResultDto> {
    const session = await this.sessions.start(req.user, res, req.session?.id);
    const me = await this.accounts.me(req.user, centre.slug);
    return { me: me!, csrfToken: this.csrf.issue(session.id) };
  }

  @Public()
  @Post('invitations/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Invited staff set their password with the token from the invitation e-mail' })
  async accept(@CurrentCentre() centre: ResolvedCentre, @Body() body: AcceptInvitationDto): Promise<{ accepted: true }> {
    await this.accounts.acceptInvitation(centre, body.token, body.password);
    return { accepted: true };
  }
}
