import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

import { pickLocale } from '../common/locale.js';
import type { AppRequest } from '../common/request.js';
import type { AppConfig } from '../config/app-config.js';
import { PERMISSIONS_POLICY } from '../common/security-headers.js';
import type { PagePolicies } from '../tenancy/page-policy.js';

const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

/** Request id, language and a per-response CSP nonce, before anything else runs. */
export function requestContext(req: Request, res: Response, next: NextFunction): void {
  const r = req as AppRequest;
  const incoming = req.headers['x-request-id'];
  r.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  r.locale = pickLocale(req.headers['accept-language']);
  res.setHeader('X-Request-Id', r.id);
  next();
}

export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req) => (req as unknown as AppRequest).id,
    // Paths only: query strings can carry link tokens. No headers (cookies), no bodies.
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/api/health' },
    quietReqLogger: true,
  });
}

const nonce = (_req: unknown, res: unknown) => `'nonce-${(res as Response).locals.cspNonce as string}'`;
/** Origins a centre's features embed (e.g. its conference server), set per page request. */
const embedded = (_req: unknown, res: unknown) => ((res as Response).locals.embedOrigins as string[] | undefined)?.join(' ') ?? '';
/** An app page (not a file): its document's policies apply to every view the app shows in it. */
const isPage = (req: Request) => (req.method === 'GET' || req.method === 'HEAD') && !/\.[a-z0-9]{2,5}$/i.test(req.path);

/**
 * Strict CSP everywhere. API answers (JSON) may load nothing at all; the app's pages get a fresh
 * nonce per response for Angular's styles; the API docs page needs inline styles.
 */
export function securityHeaders(config: AppConfig, pages?: PagePolicies) {
  const common = {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    upgradeInsecureRequests: config.secureCookies ? [] : null,
  };
  const strict = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...common, scriptSrc: ["'self'", nonce, embedded], styleSrc: ["'self'", nonce], frameSrc: ["'self'", embedded] },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      // Swagger UI loads its scripts from files; only its styles are inline.
      directives: { ...common, scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"] },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  const api = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    if (req.path.startsWith('/api/docs')) return docs(req, res, next);
    if (req.path.startsWith('/api/')) {
      // Answers carry people's words and names: no cache keeps them, unless a route says
      // otherwise (portal branding, which is public).
      res.setHeader('Cache-Control', 'no-store');
      return api(req, res, next);
    }
    res.locals.cspNonce = randomBytes(16).toString('base64');
    if (!pages || !isPage(req)) return strict(req, res, next);
    // A centre's licensed features may embed their own server (and use camera and microphone).
    pages.forPath(req.path).then(
      (policy) => {
        res.locals.embedOrigins = policy.embedOrigins;
        res.setHeader('Permissions-Policy', policy.permissionsPolicy);
        strict(req, res, next);
      },
      (error: unknown) => next(error),
    );
  };
}

/** Bundles whose name carries their content hash (Angular: `chunk-CIdW-1B-.js`, `styles-ZIOHFDWX.css`). */
export const HASHED_ASSET = /-[A-Za-z0-9_-]{8}\.(js|css)$/;

/**
 * Serves the Angular build: hashed bundles cached for a year, everything else revalidated,
 * and index.html for every app route with this response's CSP nonce filled in.
 */
export function mountFrontend(app: NestExpressApplication, distDir: string, log: Logger): void {
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) {
    log.warn({ distDir }, 'Frontend build not found; only the API is served. Run `npm run build` first.');
    return;
  }
  const index = readFileSync(indexFile, 'utf8');
  app.use(
    express.static(distDir, {
      index: false,
      setHeaders: (res, path) => {
        res.setHeader('Cache-Control', HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
      },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api') || req.path.startsWith('/dev/')) return next();
    if (/\.[a-z0-9]{2,5}$/i.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(index.replaceAll('CSP_NONCE_PLACEHOLDER', res.locals.cspNonce as string));
  });
}
