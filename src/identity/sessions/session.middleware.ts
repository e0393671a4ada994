import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';

import type { AppRequest } from '../../common/request.js';
import { SessionService } from './session.service.js';

/** Loads the session once per API request, before guards decide anything. */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(private readonly sessions: SessionService) {}

  use(req: AppRequest, _res: Response, next: NextFunction): void {
    this.sessions.resolve(req).then(
      (session) => {
        if (session) req.session = session;
        next();
      },
      (err: unknown) => next(err),
    );
  }
}
