import { type DynamicModule, Global, type MiddlewareConsumer, Module, type NestModule, type Type } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';

import { FEATURE_MODULES } from './app.features.js';
import { HttpThrottlerGuard } from './common/http-throttler.guard.js';
import { AuditModule } from './audit/audit.module.js';
import { CasesModule } from './cases/cases.module.js';
import { AppConfig } from './config/app-config.js';
import { CryptoModule } from './crypto/crypto.module.js';
import type { MasterKeyring } from './crypto/master-keyring.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { LOGIN_ROUTE_KEY } from './identity/auth/auth.decorators.js';
import { AuthGuard, CsrfGuard } from './identity/auth/guards.js';
import { IdentityModule } from './identity/identity.module.js';
import { SessionMiddleware } from './identity/sessions/session.middleware.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PlatformModule } from './platform/platform.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RedisModule } from './redis/redis.module.js';
import { StorageModule } from './storage/storage.module.js';
import { FeatureGuard, TenantGuard } from './tenancy/tenancy.guards.js';
import { TenancyModule } from './tenancy/tenancy.module.js';

@Global()
@Module({})
class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        // The validated config, also reachable through @nestjs/config's ConfigService.
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, skipProcessEnv: true, load: [() => ({ app: config })] }),
      ],
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}

export interface AppModuleOptions {
  /** Extra modules, e.g. test fixtures. */
  imports?: (Type | DynamicModule)[];
}

/** The composition root: kernel modules, the feature registry, and the guard chain in order. */
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, keyring: MasterKeyring, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        ScheduleModule.forRoot(),
        EventEmitterModule.forRoot(),
        RedisModule.forRoot(config),
        ThrottlerModule.forRoot({
          throttlers: [
            { name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute },
            {
              name: 'login',
              ttl: 60_000,
              limit: config.loginRateLimitPerMinute,
              skipIf: (context) => !Reflect.getMetadata(LOGIN_ROUTE_KEY, context.getHandler()),
            },
          ],
        }),
        CryptoModule.forRoot(keyring),
        StorageModule,
        AuditModule,
        NotificationsModule.forRoot(config),
        PrivacyModule,
        TenancyModule,
        IdentityModule.forRoot(),
        PlatformModule.forRoot(config),
        RealtimeModule,
        CasesModule,
        HealthModule,
        ...FEATURE_MODULES,
        ...(options.imports ?? []),
      ],
      providers: [
        // Order matters: rate limit, resolve the centre, hide unlicensed modules (404 before
        // anything else), check CSRF, then decide who may call the route.
        { provide: APP_GUARD, useClass: HttpThrottlerGuard },
        { provide: APP_GUARD, useExisting: TenantGuard },
        { provide: APP_GUARD, useExisting: FeatureGuard },
        { provide: APP_GUARD, useExisting: CsrfGuard },
        { provide: APP_GUARD, useExisting: AuthGuard },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionMiddleware).forRoutes('*path');
  }
}
