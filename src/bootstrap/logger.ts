import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

import type { AppConfig } from '../config/app-config.js';

export function createRootLogger(config: AppConfig): Logger {
  return pino({
    level: config.logLevel,
    base: undefined,
    // Defence in depth: these never belong in a log line, whatever a caller passes.
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'email', '*.email', 'text', '*.text', 'req.headers.cookie', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });
}

type Level = 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal';

/** Nest's start-up chatter (one line per module and route) is only interesting when debugging. */
const CHATTY = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/** Nest's logger interface on top of pino, so framework and app logs share one JSON stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write(CHATTY.has(params.at(-1) as string) ? 'debug' : 'info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = rest.length > 0 && typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    if (message instanceof Error) {
      this.logger[level]({ context, err: message });
    } else if (typeof message === 'object' && message !== null) {
      const text = rest.find((p): p is string => typeof p === 'string');
      this.logger[level]({ context, ...(message as Record<string, unknown>) }, text);
    } else {
      const stack = level === 'error' ? rest.find((p): p is string => typeof p === 'string') : undefined;
      this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}
