import type { NextFunction, Request, Response } from 'express';

import { DomainError } from './domain-error.js';

/**
 * Refuses a query string whose percent-encoding is not valid UTF-8 (`?q=%ED%A0%80`, `?q=%FF`).
 * The query parser would decode those to replacement characters and pass them on as if sent.
 */
export function checkQueryEncoding(req: Request, _res: Response, next: NextFunction): void {
  const at = req.url.indexOf('?');
  if (at < 0) return next();
  try {
    decodeURIComponent(req.url.slice(at + 1).replaceAll('+', ' '));
  } catch {
    return next(new DomainError('QUERY_ENCODING', 400));
  }
  next();
}
