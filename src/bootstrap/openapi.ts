import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import type { AppConfig } from '../config/app-config.js';

export function setupOpenApi(app: NestExpressApplication, config: AppConfig): void {
  const description = new DocumentBuilder()
    .setTitle('BeraDIG API')
    .setDescription(
      [
        'Secure online counselling for counselling centres.',
        '',
        'Authentication is a session cookie set by the login routes. Every state-changing request',
        '(POST, PUT, PATCH, DELETE) must carry the header `X-CSRF-Token` with a token from',
        '`GET /api/v1/auth/csrf`; tokens are bound to the session, so fetch a new one after login',
        '(the login answer contains one). Errors are `application/problem+json` (RFC 9457) with',
        'a stable `code` and, for 400, field errors in `errors`.',
      ].join('\n'),
    )
    .setVersion('1')
    .addServer(config.publicUrl)
    .addCookieAuth(config.secureCookies ? '__Host-beradig' : 'beradig', { type: 'apiKey', in: 'cookie' }, 'session')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'From GET /api/v1/auth/csrf' }, 'csrf')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, description), {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'BeraDIG API',
  });
}
