import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';

import type { Socket } from 'socket.io';

import type { FieldError, Problem, SocketProblem } from '../contracts/problem.js';
import { DomainError } from './domain-error.js';
import { type Locale, pickLocale } from './locale.js';
import { hasMessage, message } from './messages.js';
import type { AppRequest } from './request.js';
import { errorFields } from './error-fields.js';

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/** Programming errors: their messages speak of code, not of people. */
const CODE_ERRORS = new Set(['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError']);

/**
 * Kind, codes and the call stack. The message only for programming errors: a mail server's or
 * a database driver's message may quote an address or a value.
 */
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: typeof error };
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return { ...errorFields(error), ...(CODE_ERRORS.has(error.name) ? { message: error.message } : {}), stack: frames.join('\n') };
}

/**
 * Every error leaves the API as application/problem+json (RFC 9457), in the caller's language.
 * Unexpected errors are logged with the request id and answered 500 without internals.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() === 'ws') return this.answerSocket(exception, host);
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<AppRequest>();
    const res = ctx.getResponse<Response>();
    const locale: Locale = req.locale ?? pickLocale(req.headers['accept-language']);
    const problem = this.toProblem(exception, locale);
    problem.requestId = req.id;
    if (problem.status >= 500) {
      this.logger.error({ err: describeError(exception), requestId: req.id, path: req.path }, 'Unhandled error');
    }
    if (res.headersSent) return;
    // A limit that knows when it lifts says so (RFC 9110 Retry-After).
    const cause = exception instanceof HttpException && exception.cause instanceof DomainError ? exception.cause : exception;
    if (cause instanceof DomainError && cause.status === 429 && typeof cause.params.retryAfter === 'number') res.setHeader('Retry-After', String(cause.params.retryAfter));
    res.status(problem.status).type('application/problem+json').json(problem);
  }

  /**
   * A socket event that failed (in a guard or its handler) is answered like an HTTP problem, through
   * its acknowledgement: a stable code and a text in the person's language. Events sent without
   * one (e.g. "typing") get no answer.
   */
  private answerSocket(exception: unknown, host: ArgumentsHost): void {
    const socket = host.switchToWs().getClient<Socket>();
    const ack: unknown = host.getArgByIndex(2);
    const problem = this.toProblem(exception, pickLocale(socket.handshake.headers['accept-language']));
    if (problem.status >= 500) {
      this.logger.error({ err: describeError(exception), event: host.switchToWs().getPattern() }, 'Unhandled socket error');
    }
    if (typeof ack === 'function') {
      const answer: SocketProblem = { ok: false, code: problem.code, message: problem.errors?.[0]?.message ?? problem.detail ?? problem.title, status: problem.status };
      (ack as (answer: SocketProblem) => void)(answer);
    }
  }

  private toProblem(exception: unknown, locale: Locale): Problem {
    // Express's adapter wraps errors that middleware passed on with a status (the JSON body
    // checks) in an HttpException; the DomainError inside says what went wrong.
    if (exception instanceof HttpException && exception.cause instanceof DomainError) exception = exception.cause;
    if (exception instanceof DomainError) {
      const errors: FieldError[] = exception.fields.map((f) => ({
        field: f.field,
        code: f.code,
        message: message(locale, f.code, f.params),
      }));
      return this.build(exception.status, exception.code, locale, exception.params, errors);
    }
    if (exception instanceof ThrottlerException) return this.build(429, 'TOO_MANY_REQUESTS', locale);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
      return this.build(status, code, locale);
    }
    // body-parser and multer signal oversize bodies with plain errors carrying a status.
    const status = (exception as { status?: unknown; statusCode?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return this.build(status, STATUS_CODES[status] ?? 'BAD_REQUEST', locale);
    }
    return this.build(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL_ERROR', locale);
  }

  private build(
    status: number,
    code: string,
    locale: Locale,
    params: Record<string, unknown> = {},
    errors?: FieldError[],
  ): Problem {
    const title = message(locale, STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'));
    const problem: Problem = {
      type: `https://beradig.de/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title,
      status,
      code,
      detail: hasMessage(code) ? message(locale, code, params) : title,
    };
    if (errors && errors.length > 0) problem.errors = errors;
    return problem;
  }
}
