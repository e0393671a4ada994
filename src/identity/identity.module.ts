import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AccountToken } from './accounts/account-token.entity.js';
import { AccountService } from './accounts/account.service.js';
import { AuthController, CentreAuthController, OperatorAuthController } from './auth/auth.controllers.js';
import { CsrfService } from './sessions/csrf.service.js';
import { DbSessionStore } from './sessions/db-session.store.js';
import { AuthGuard, CsrfGuard } from './auth/guards.js';
import { CentreLocalStrategy, OperatorLocalStrategy } from './auth/local.strategies.js';
import { OperatorAccount } from './operator/operator-account.entity.js';
import { OperatorService } from './operator/operator.service.js';
import { PasswordService } from './accounts/password.service.js';
import { SessionMiddleware } from './sessions/session.middleware.js';
import { Session } from './sessions/session.entity.js';
import { SessionService } from './sessions/session.service.js';
import { SessionStore } from './sessions/session.store.js';
import { UserAccount } from './accounts/user-account.entity.js';

@Global()
@Module({
  imports: [
    PassportModule.register({ session: false }),
    TypeOrmModule.forFeature([OperatorAccount, UserAccount, AccountToken, Session]),
  ],
  controllers: [AuthController, OperatorAuthController, CentreAuthController],
  providers: [
    { provide: SessionStore, useClass: DbSessionStore },
    SessionService,
    SessionMiddleware,
    CsrfService,
    PasswordService,
    OperatorService,
    AccountService,
    OperatorLocalStrategy,
    CentreLocalStrategy,
    CsrfGuard,
    AuthGuard,
  ],
  exports: [SessionService, SessionMiddleware, CsrfService, PasswordService, OperatorService, AccountService, CsrfGuard, AuthGuard],
})
export class IdentityModule {}
