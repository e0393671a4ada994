import { createHash, randomBytes } from 'node:crypto';

import { SignJWT } from 'jose';

import type { JitsiServer } from './jitsi-settings.service.js';

/** The audience every token names; the deployment accepts exactly this one (JWT_ACCEPTED_AUDIENCES). */
export const JITSI_AUDIENCE = 'jitsi';
/** Tolerance for a Jitsi server whose clock runs a little behind ours. */
const CLOCK_SKEW_SECONDS = 10;

export interface TokenRequest {
  server: JitsiServer;
  /** The room's name at Jitsi. */
  room: string;
  /** Stable per person and room, but no account id: Jitsi shows it to everyone in the call. */
  userId: string;
  displayName: string;
  /** The room's counsellor owns the room; everyone else is a member. */
  owner: boolean;
  lifetimeSeconds: number;
  now?: Date;
}

/**
 * Signs an access token for one Jitsi room, by Jitsi's rules (prosody's token verification):
 * HS256 with the app secret; `iss` the app id, an explicit `aud`, `sub` the Jitsi domain, `room`
 * this room only, `nbf` and a short `exp` (a token without `exp` never expires in Jitsi).
 * `context.user` carries strings only. Stock self-hosted Jitsi makes every token holder an owner
 * and ignores `moderator`; with the `token_affiliation` module it follows `affiliation`, so only
 * the counsellor's token says "owner". Recording, streaming and transcription are off in every token.
 */
export async function signJitsiToken(request: TokenRequest): Promise<{ jwt: string; expiresAt: Date }> {
  const now = Math.floor((request.now ?? new Date()).getTime() / 1000);
  const exp = now + request.lifetimeSeconds;
  const jwt = await new SignJWT({
    room: request.room,
    context: {
      user: {
        id: request.userId,
        name: request.displayName,
        affiliation: request.owner ? 'owner' : 'member',
        moderator: request.owner ? 'true' : 'false',
      },
      features: { recording: false, livestreaming: false, transcription: false, 'outbound-call': false, 'sip-outbound-call': false },
    },
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(request.server.appId)
    .setAudience(JITSI_AUDIENCE)
    .setSubject(jitsiHost(request.server.domain))
    .setIssuedAt(now)
    .setNotBefore(now - CLOCK_SKEW_SECONDS)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(request.server.secret));
  return { jwt, expiresAt: new Date(exp * 1000) };
}

/** The host without a port: what Jitsi compares `sub` with. */
export function jitsiHost(domain: string): string {
  return domain.replace(/:\d+$/, '');
}

/** A room name at Jitsi: 160 random bits, lower-case hex (Jitsi lower-cases room names). */
export function newJitsiRoom(): string {
  return randomBytes(20).toString('hex');
}

/** The id a person carries in one room's tokens: stable, but unlinkable to their account or other rooms. */
export function jitsiUserId(roomId: string, personId: string): string {
  return createHash('sha256').update(`beradig/video/user/v1|${roomId}|${personId}`).digest('hex').slice(0, 32);
}
