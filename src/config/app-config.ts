import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBooleanString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

/** The environment variables BeraDIG reads. Anything else in the environment is ignored. */
class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional() @Matches(/^(sqlite:|mysql:\/\/|mariadb:\/\/)/, {
    message: 'DB_URL must start with sqlite:, mysql:// or mariadb://',
  })
  DB_URL?: string;

  @IsOptional() @IsString()
  MASTER_KEY?: string;

  @IsOptional() @IsString()
  MASTER_KEY_FILE?: string;

  @IsOptional() @IsString()
  MASTER_KEY_PREVIOUS?: string;

  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsString()
  HOST?: string;

  @IsOptional() @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  @IsOptional() @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must start with smtp:// or smtps://' })
  SMTP_URL?: string;

  @IsOptional() @IsString()
  SMTP_FROM?: string;

  @IsOptional() @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL?: string;

  @IsOptional() @IsString()
  VAR_DIR?: string;

  @IsOptional() @IsString()
  TRUST_PROXY?: string;

  @IsOptional() @IsString()
  OPERATOR_EMAIL?: string;

  @IsOptional() @IsString()
  OPERATOR_PASSWORD?: string;

  @IsOptional() @IsString()
  PRICING_FILE?: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @IsBooleanString()
  SEED_DEMO?: string;

  @IsOptional() @IsString()
  FRONTEND_DIST?: string;

  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt() @Min(1)
  RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt() @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt() @Min(1)
  SESSION_IDLE_MINUTES?: number;

  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt() @Min(1)
  SESSION_MAX_HOURS?: number;

  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt() @Min(1)
  REGISTRATION_PURGE_DAYS?: number;

  @IsOptional() @IsString()
  FILES_DIR?: string;

  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt() @Min(1) @Max(512)
  UPLOAD_MAX_MB?: number;

  @IsOptional() @Matches(/^[A-Za-z0-9.-]+$/, { message: 'CLAMD_HOST must be a host name or address' })
  CLAMD_HOST?: string;

  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt() @Min(1) @Max(65535)
  CLAMD_PORT?: number;

}

export type DatabaseConfig =
  | { type: 'sqlite'; path: string; embeddedDefault: boolean }
  | { type: 'mysql' | 'mariadb'; url: string };

/** How the master key(s) are supplied; the keyring itself is loaded by the crypto module. */
export type MasterKeySource =
  | { kind: 'env'; current: string; previous: string[] }
  | { kind: 'file'; path: string; previous: string[] }
  | { kind: 'generated'; path: string };

export class AppConfig {
  readonly nodeEnv!: 'development' | 'production' | 'test';
  readonly production!: boolean;
  readonly port!: number;
  readonly host!: string;
  readonly publicUrl!: string;
  /** Cookies get the Secure flag when the platform is reached over TLS. */
  readonly secureCookies!: boolean;
  readonly varDir!: string;
  readonly database!: DatabaseConfig;
  readonly masterKey!: MasterKeySource;
  readonly smtpUrl?: string;
  readonly smtpFrom!: string;
  /** Mails go to a local outbox readable at /dev/outbox (development without SMTP only). */
  readonly devOutbox!: boolean;
  readonly redisUrl?: string;
  readonly trustProxy!: string | number | boolean;
  readonly operatorEmail?: string;
  readonly operatorPassword?: string;
  readonly pricingFile?: string;
  readonly logLevel!: string;
  readonly seedDemo!: boolean;
  readonly frontendDist!: string;
  readonly rateLimitPerMinute!: number;
  readonly loginRateLimitPerMinute!: number;
  readonly sessionIdleMinutes!: number;
  readonly sessionMaxHours!: number;
  /** Unconfirmed registrations are deleted after this many days. */
  readonly registrationPurgeDays!: number;
  /** Where sealed files (documents) are kept by the local file store. */
  readonly filesDir!: string;
  readonly uploadMaxBytes!: number;
  /** Virus scanning through clamd, when configured. */
  readonly clamd?: { host: string; port: number };
  /** The environment as given, for the settings features read themselves (`intSetting`). */
  readonly env!: Readonly<Record<string, string | undefined>>;
}

export class ConfigError extends Error {}

const SECRET_KEYS = new Set(['MASTER_KEY', 'MASTER_KEY_PREVIOUS', 'OPERATOR_PASSWORD', 'SMTP_URL', 'REDIS_URL', 'DB_URL']);

/**
 * Reads and validates the configuration. Pure: takes the environment as an argument so that tests
 * can boot several differently configured instances in one process.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): AppConfig {
  const picked: Record<string, string> = {};
  for (const key of ENV_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const vars = plainToInstance(EnvironmentVariables, picked);
  const errors = validateSync(vars, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const shown = SECRET_KEYS.has(e.property) ? '(hidden)' : JSON.stringify(e.value);
      return `  ${e.property}=${shown}: ${Object.values(e.constraints ?? {}).join('; ')}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }

  const nodeEnv = (vars.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  const production = nodeEnv === 'production';
  const varDir = resolve(cwd, vars.VAR_DIR ?? 'var');
  const port = vars.PORT ?? 3000;
  const host = vars.HOST ?? '127.0.0.1';
  const publicUrl = (vars.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const database = parseDatabaseUrl(vars.DB_URL, varDir, cwd);

  let masterKey: MasterKeySource;
  const previous = (vars.MASTER_KEY_PREVIOUS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (vars.MASTER_KEY) masterKey = { kind: 'env', current: vars.MASTER_KEY, previous };
  else if (vars.MASTER_KEY_FILE) masterKey = { kind: 'file', path: resolve(cwd, vars.MASTER_KEY_FILE), previous };
  else masterKey = { kind: 'generated', path: resolve(varDir, 'master.key') };

  if (production) {
    const missing: string[] = [];
    if (masterKey.kind === 'generated') missing.push('MASTER_KEY or MASTER_KEY_FILE');
    if (!vars.SMTP_URL) missing.push('SMTP_URL');
    // Links in e-mails, Secure cookies and HSTS all depend on the real, encrypted address.
    if (!vars.PUBLIC_URL) missing.push('PUBLIC_URL');
    if (missing.length > 0) {
      throw new ConfigError(`Production mode refuses to start without ${missing.join(' and ')}.`);
    }
    if (vars.SEED_DEMO === 'true') throw new ConfigError('SEED_DEMO=true is not allowed in production mode.');
    if (!vars.PUBLIC_URL!.startsWith('https://')) throw new ConfigError('PUBLIC_URL must start with https:// in production mode.');
  }

  const trustProxy = parseTrustProxy(vars.TRUST_PROXY);
  const seedDemo =
    !production &&
    (vars.SEED_DEMO !== undefined
      ? vars.SEED_DEMO === 'true'
      : nodeEnv === 'development' && database.type === 'sqlite' && database.embeddedDefault);

  return Object.assign(new AppConfig(), {
    nodeEnv,
    production,
    port,
    host,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    varDir,
    database,
    masterKey,
    smtpUrl: vars.SMTP_URL,
    smtpFrom: vars.SMTP_FROM ?? `BeraDIG <no-reply@${new URL(publicUrl).hostname}>`,
    devOutbox: !production && !vars.SMTP_URL,
    redisUrl: vars.REDIS_URL,
    trustProxy,
    operatorEmail: vars.OPERATOR_EMAIL,
    operatorPassword: vars.OPERATOR_PASSWORD,
    pricingFile: vars.PRICING_FILE ? resolve(cwd, vars.PRICING_FILE) : undefined,
    logLevel: vars.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    seedDemo,
    frontendDist: resolve(cwd, vars.FRONTEND_DIST ?? 'frontend/dist/beradig/browser'),
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE ?? 600,
    loginRateLimitPerMinute: vars.LOGIN_RATE_LIMIT_PER_MINUTE ?? 20,
    sessionIdleMinutes: vars.SESSION_IDLE_MINUTES ?? 60,
    sessionMaxHours: vars.SESSION_MAX_HOURS ?? 12,
    registrationPurgeDays: vars.REGISTRATION_PURGE_DAYS ?? 7,
    filesDir: vars.FILES_DIR ? resolve(cwd, vars.FILES_DIR) : resolve(varDir, 'files'),
    uploadMaxBytes: (vars.UPLOAD_MAX_MB ?? 20) * 1024 * 1024,
    clamd: vars.CLAMD_HOST ? { host: vars.CLAMD_HOST, port: vars.CLAMD_PORT ?? 3310 } : undefined,
    env: Object.freeze({ ...env }),
  } satisfies AppConfig);
}

const ENV_KEYS = [
  'NODE_ENV', 'DB_URL', 'MASTER_KEY', 'MASTER_KEY_FILE', 'MASTER_KEY_PREVIOUS', 'PORT', 'HOST', 'PUBLIC_URL',
  'SMTP_URL', 'SMTP_FROM', 'REDIS_URL', 'VAR_DIR', 'TRUST_PROXY', 'OPERATOR_EMAIL', 'OPERATOR_PASSWORD',
  'PRICING_FILE', 'LOG_LEVEL', 'SEED_DEMO', 'FRONTEND_DIST', 'RATE_LIMIT_PER_MINUTE',
  'LOGIN_RATE_LIMIT_PER_MINUTE', 'SESSION_IDLE_MINUTES', 'SESSION_MAX_HOURS', 'REGISTRATION_PURGE_DAYS',
  'FILES_DIR', 'UPLOAD_MAX_MB', 'CLAMD_HOST', 'CLAMD_PORT',
];

/**
 * A whole-number setting a feature reads from the environment itself (the kernel does not know
 * the features' settings). Refuses, like the kernel's own settings, anything but a number in range.
 */
export function intSetting(config: AppConfig, name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
  const raw = config.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
  if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(`Invalid configuration:\n  ${name}=${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * A text setting a feature reads from the environment itself, or undefined when not set. Refused
 * at start when it does not match `pattern`; `describe` says what is expected. A secret's value
 * is never repeated in the message.
 */
export function textSetting(config: AppConfig, name: string, rule: { pattern: RegExp; describe: string; secret?: boolean }): string | undefined {
  const raw = config.env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!rule.pattern.test(raw)) {
    throw new ConfigError(`Invalid configuration:\n  ${name}${rule.secret ? '' : `=${JSON.stringify(raw)}`}: ${rule.describe}`);
  }
  return raw;
}

function parseDatabaseUrl(url: string | undefined, varDir: string, cwd: string): DatabaseConfig {
  if (!url) return { type: 'sqlite', path: resolve(varDir, 'beradig.sqlite'), embeddedDefault: true };
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === '') throw new ConfigError('DB_URL sqlite: needs a file path, e.g. sqlite:var/beradig.sqlite');
    if (path !== ':memory:' && !isAbsolute(path)) path = resolve(cwd, path);
    return { type: 'sqlite', path, embeddedDefault: false };
  }
  // TypeORM reads MariaDB's catalogue differently from MySQL's, so the flavour matters.
  return { type: url.startsWith('mariadb:') ? 'mariadb' : 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
}

function parseTrustProxy(value: string | undefined): string | number | boolean {
  if (value === undefined) return 'loopback';
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Loads `.env` from the working directory into process.env (Node's own loader, no dependency). */
export function loadDotEnv(cwd = process.cwd()): void {
  const file = resolve(cwd, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}
