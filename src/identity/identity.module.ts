import { type DynamicModule, Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';

import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import { AccountEraser } from './accounts/account-eraser.service.js';
import { AccountToken } from './accounts/account-token.entity.js';
import { AccountService } from './accounts/account.service.js';
import { LoginThrottleEntry } from './accounts/login-throttle.entity.js';
import { LoginThrottle } from './accounts/lockout.js';
import { PasswordConfirmation } from './accounts/password-confirmation.js';
import { PasswordPolicy } from './accounts/password-policy.js';
import { PasswordService } from './accounts/password.service.js';
import { RecoveryCode } from './accounts/recovery-code.entity.js';
import { TotpService } from './accounts/totp.service.js';
import { UserAccount } from './accounts/user-account.entity.js';
import { UserAdminService } from './admin/user-admin.service.js';
import { UsersController } from './admin/users.controller.js';
import { AuthController, CentreAuthController, OperatorAuthController } from './auth/auth.controllers.js';
import { GuestSessionController } from './sessions/guest-session.controller.js';
import { AuthGuard, CsrfGuard } from './auth/guards.js';
import { CentreLocalStrategy, OperatorLocalStrategy } from './auth/local.strategies.js';
import { OperatorAccount } from './operator/operator-account.entity.js';
import { OperatorAccountController } from './operator/operator-account.controller.js';
import { OperatorRecoveryCode } from './operator/operator-recovery-code.entity.js';
import { OperatorService } from './operator/operator.service.js';
import { RegistrationController } from './registration/registration.controller.js';
import { RegistrationService } from './registration/registration.service.js';
import { AccountController } from './self-service/account.controller.js';
import { SelfService } from './self-service/self-service.service.js';
import { BACKING_SESSION_STORE, CachedSessionStore } from './sessions/cached-session.store.js';
import { CsrfService } from './sessions/csrf.service.js';
import { DbSessionStore } from './sessions/db-session.store.js';
import { RedisSessionStore } from './sessions/redis-session.store.js';
import { Session } from './sessions/session.entity.js';
import { SessionMiddleware } from './sessions/session.middleware.js';
import { SessionService } from './sessions/session.service.js';
import { SessionStore } from './sessions/session.store.js';

@Global()
@Module({})
export class IdentityModule {
  static forRoot(): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        PassportModule.register({ session: false }),
        TypeOrmModule.forFeature([OperatorAccount, OperatorRecoveryCode, UserAccount, AccountToken, RecoveryCode, LoginThrottleEntry, Session]),
      ],
      controllers: [AuthController, OperatorAuthController, OperatorAccountController, CentreAuthController, RegistrationController, AccountController, UsersController, GuestSessionController],
      providers: [
        DbSessionStore,
        {
          provide: BACKING_SESSION_STORE,
          // Sessions go to Redis when the platform runs with it (several instances), else the database.
          useFactory: (redis: Redis | null, db: DbSessionStore, config: AppConfig) => (redis ? new RedisSessionStore(redis, config) : db),
          inject: [REDIS, DbSessionStore, AppConfig],
        },
        { provide: SessionStore, useClass: CachedSessionStore },
        SessionService,
        SessionMiddleware,
        CsrfService,
        PasswordService,
        PasswordPolicy,
        PasswordConfirmation,
        LoginThrottle,
        TotpService,
        OperatorService,
        AccountService,
        AccountEraser,
        RegistrationService,
        SelfService,
        UserAdminService,
        OperatorLocalStrategy,
        CentreLocalStrategy,
        CsrfGuard,
        AuthGuard,
      ],
      exports: [SessionService, SessionMiddleware, CsrfService, PasswordService, PasswordPolicy, OperatorService, AccountService, AccountEraser, RegistrationService, CsrfGuard, AuthGuard],
    };
  }
}
