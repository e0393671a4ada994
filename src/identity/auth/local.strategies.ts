import { type ExecutionContext, Injectable, type Type } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';

import { DomainError, notFound } from '../../common/domain-error.js';
import type { AppRequest } from '../../common/request.js';
import { validateBody } from '../../common/validation.js';
import { AccountService, type LoginOutcome } from '../accounts/account.service.js';
import { CentreLoginDto, OperatorLoginDto } from './dto.js';
import { type OperatorLoginOutcome, OperatorService } from '../operator/operator.service.js';

@Injectable()
export class OperatorLocalStrategy extends PassportStrategy(Strategy, 'operator-local') {
  constructor(private readonly operators: OperatorService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: AppRequest, email: string, password: string): Promise<OperatorLoginOutcome> {
    const { totp } = req.body as { totp?: string };
    return this.operators.verifyLogin(email, password, totp, req.ip);
  }
}

@Injectable()
export class CentreLocalStrategy extends PassportStrategy(Strategy, 'centre-local') {
  constructor(private readonly accounts: AccountService) {
    super({ usernameField: 'login', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: AppRequest, login: string, password: string): Promise<LoginOutcome> {
    if (!req.centre) throw notFound('CENTRE_NOT_FOUND');
    const { totp } = req.body as { totp?: string };
    return this.accounts.verifyLogin(req.centre, login, password, totp, req.ip);
  }
}

/**
 * Passport guard that first validates the body (bad input is a 400 with field errors, not a
 * failed login) and passes domain errors (lockout) through unchanged.
 */
function loginGuard(strategy: string, dto: Type<object>): Type<unknown> {
  @Injectable()
  class LoginGuard extends AuthGuard(strategy) {
    override async canActivate(context: ExecutionContext): Promise<boolean> {
      validateBody(dto, context.switchToHttp().getRequest<AppRequest>().body);
      return (await super.canActivate(context)) as boolean;
    }

    override handleRequest<T>(err: unknown, user: T): T {
      if (err) throw err instanceof Error ? err : new DomainError('LOGIN_FAILED', 401);
      if (!user) throw new DomainError('LOGIN_FAILED', 401);
      return user;
    }
  }
  return LoginGuard;
}

export const OperatorLoginGuard = loginGuard('operator-local', OperatorLoginDto);
export const CentreLoginGuard = loginGuard('centre-local', CentreLoginDto);
