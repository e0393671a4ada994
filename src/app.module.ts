import { type DynamicModule, Global, type MiddlewareConsumer, Module, type NestModule, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';

import { FEATURES } from './app.features.js';
import { FixedWindowThrottlerStorage } from './common/fixed-window-throttler.storage.js';
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
import { ImagesModule } from './images/images.module.js';
import { LimitsModule } from './limits/limits.module.js';
import { StorageModule } from './storage/storage.module.js';
import { registerMessages } from './common/messages.js';
import { FeatureCatalogue } from './features/feature-catalogue.js';
import type { FeatureDefinition } from './features/feature-definition.js';
import { migrationsFor } from './features/feature-migrations.js';
import { FeatureGuard, TenantGuard } from './tenancy/tenancy.guards.js';
import { TenancyModule } from './tenancy/tenancy.module.js';

/** The validated configuration and the installed features, for every module. */
@Global()
@Module({})
class AppContextModule {
  static forRoot(config: AppConfig, features: readonly FeatureDefinition[]): DynamicModule {
    return {
      module: AppContextModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: FeatureCatalogue, useValue: new FeatureCatalogue(features) },
      ],
      exports: [AppConfig, FeatureCatalogue],
    };
  }
}

export interface AppModuleOptions {
  /** Extra modules, e.g. test fixtures. */
  imports?: (Type | DynamicModule)[];
  /** The installed features; the registry (src/app.features.ts) unless a test says otherwise. */
  features?: readonly FeatureDefinition[];
}

/** The composition root: kernel modules, the feature registry, and the guard chain in order. */
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, keyring: MasterKeyring, options: AppModuleOptions = {}): DynamicModule {
    const features = options.features ?? FEATURES;
    for (const feature of features) if (feature.messages) registerMessages(feature.key, feature.messages);
    return {
      module: AppModule,
      imports: [
        AppContextModule.forRoot(config, features),
        DatabaseModule.forRoot(config, migrationsFor(features)),
        ScheduleModule.forRoot(),
        EventEmitterModule.forRoot(),
        RedisModule.forRoot(config),
        ThrottlerModule.forRoot({
          storage: new FixedWindowThrottlerStorage(),
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
        LimitsModule,
        ImagesModule,
        AuditModule,
        NotificationsModule.forRoot(config),
        PrivacyModule,
        TenancyModule,
        IdentityModule.forRoot(),
        PlatformModule.forRoot(config),
        RealtimeModule,
        CasesModule,
        HealthModule,
        ...features.map((f) => f.module),
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
