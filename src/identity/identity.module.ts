import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AccountToken } from './account-token.entity.js';
import { AccountService } from './account.service.js';
import { AuthController, CentreAuthController, OperatorAuthController } from './auth.controllers.js';
import { CsrfService } from './csrf.service.js';
import { DbSessionStore } from './db-session.store.js';
import { AuthGuard, CsrfGuard } from './guards.js';
import { CentreLocalStrategy, OperatorLocalStrategy } from './local.strategies.js';
import { OperatorAccount } from './operator-account.entity.js';
import { OperatorService } from './operator.service.js';
import { PasswordService } from './password.service.js';
import { SessionMiddleware } from './session.middleware.js';
import { Session } from './session.entity.js';
import { SessionService } from './session.service.js';
import { SessionStore } from './session.store.js';
import { UserAccount } from './user-account.entity.js';

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
