import { applyDecorators, UseFilters } from '@nestjs/common';
import { WebSocketGateway } from '@nestjs/websockets';

import { ProblemFilter } from '../common/problem.filter.js';
import { Feature } from '../tenancy/feature.decorator.js';

/** The platform's one socket.io endpoint; every gateway shares it. */
export const SOCKET_ENDPOINT = { path: '/socket.io', serveClient: false, transports: ['websocket', 'polling'], cors: false };

/**
 * A feature's socket events. Each event then passes the kernel's guard chain as an HTTP route
 * does — the centre must be open and license `feature`, and the handler must carry @Public() or
 * @Authenticated({ roles }) — and a refusal is answered through the event's acknowledgement as a
 * problem (code, status, text in the person's language). Nest applies global filters to HTTP
 * only; this is where sockets get theirs.
 */
export function FeatureGateway(feature: string): ClassDecorator {
  return applyDecorators(Feature(feature), WebSocketGateway(SOCKET_ENDPOINT), UseFilters(ProblemFilter));
}
