import type { ExecutionContext } from '@nestjs/common';
import type { Socket } from 'socket.io';

import type { AppRequest, Principal, RequestSession, ResolvedCentre } from './request.js';

/** What the kernel keeps on a live connection: its session (handshake) and, per event, its centre. */
export interface SocketData {
  session?: RequestSession;
  centre?: ResolvedCentre;
}

/**
 * One view of an HTTP request and of a socket event, so that the guard chain and the parameter
 * decorators decide the same way for both: who is calling, under which centre.
 */
export interface CallContext {
  kind: 'http' | 'socket';
  session?: RequestSession;
  principal?: Principal;
  /** The centre this call is for: the `:centre` of the path, or the socket person's centre. */
  centre?: ResolvedCentre;
  setCentre(centre: ResolvedCentre): void;
}

export function callContext(context: ExecutionContext): CallContext | undefined {
  if (context.getType() === 'http') {
    const req = context.switchToHttp().getRequest<AppRequest>();
    return { kind: 'http', session: req.session, principal: req.session?.principal, centre: req.centre, setCentre: (c) => (req.centre = c) };
  }
  if (context.getType() === 'ws') {
    const data = context.switchToWs().getClient<Socket>().data as SocketData;
    return { kind: 'socket', session: data.session, principal: data.session?.principal, centre: data.centre, setCentre: (c) => (data.centre = c) };
  }
  return undefined;
}
