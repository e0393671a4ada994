import { randomBytes } from 'node:crypto';

import jwt, { type Jwt, type JwtPayload } from 'jsonwebtoken';

import { CONSENT_VERSION } from '../../modules/video/consent.js';
import type { VideoGuestLinkView, VideoJoinView, VideoRoomView } from '../../modules/video/contracts.js';
import type { ApiClient } from '../support/api-client.js';
import type { CentreFixture } from './centres.js';
import type { Person } from './mail.js';

/** A Jitsi server as the app is configured with it (JITSI_* or a centre's own settings). */
export interface JitsiServerFixture {
  domain: string;
  appId: string;
  secret: string;
}

/** The server-wide defaults the video tests start the app with. */
export const JITSI_DEFAULTS: JitsiServerFixture = {
  domain: 'meet.beradig.test',
  appId: 'beradig',
  secret: `jitsi-${randomBytes(30).toString('base64url')}`,
};

export const jitsiEnv = (server: JitsiServerFixture = JITSI_DEFAULTS): Record<string, string> => ({
  JITSI_DOMAIN: server.domain,
  JITSI_APP_ID: server.appId,
  JITSI_APP_SECRET: server.secret,
});

export const videoPath = (centre: CentreFixture | string, path = '') => `/api/v1/centres/${typeof centre === 'string' ? centre : centre.slug}/video${path}`;

export async function openVideoRoom(
  centre: CentreFixture,
  owner: Person,
  invitees: Person[] = [],
  extra: { name?: string; lobby?: boolean; startMuted?: boolean; audioOnly?: boolean; guestsAllowed?: boolean } = {},
): Promise<VideoRoomView> {
  const res = await owner.client.post<VideoRoomView>(videoPath(centre, '/rooms'), { name: 'Videoberatung Familie S.', inviteeIds: invitees.map((p) => p.id), ...extra });
  if (res.status !== 201) throw new Error(`video room failed: ${res.status} ${res.text}`);
  return res.body;
}

export async function acceptVideoConsent(centre: CentreFixture, person: Person): Promise<void> {
  const res = await person.client.put(videoPath(centre, '/consent'), { version: CONSENT_VERSION });
  if (res.status !== 200) throw new Error(`consent failed: ${res.status} ${res.text}`);
}

/** The counsellor's call page says they are in the call (or left). */
export async function hostPresent(centre: CentreFixture, owner: Person, roomId: string, present = true, e2ee = false): Promise<void> {
  const res = await owner.client.post(videoPath(centre, `/rooms/${roomId}/host`), { present, e2ee });
  if (res.status !== 200) throw new Error(`host presence failed: ${res.status} ${res.text}`);
}

export async function issueGuestLink(centre: CentreFixture, owner: Person, roomId: string, body: { label?: string | null; days?: number } = {}): Promise<VideoGuestLinkView & { token: string }> {
  const res = await owner.client.post<VideoGuestLinkView>(videoPath(centre, `/rooms/${roomId}/guest-links`), body);
  if (res.status !== 201) throw new Error(`guest link failed: ${res.status} ${res.text}`);
  return { ...res.body, token: res.body.url.split('#')[1] ?? '' };
}

export async function guestJoin(anonymous: ApiClient, centre: CentreFixture, token: string, displayName = 'Frau Koch (Jugendamt)', consentVersion = CONSENT_VERSION) {
  return anonymous.post<VideoJoinView>(videoPath(centre, '/guest/join'), { token, displayName, consentVersion });
}

export interface JitsiClaims extends JwtPayload {
  room: string;
  context: {
    user: Record<string, unknown>;
    features: Record<string, unknown>;
  };
}

/**
 * Verifies a token the way Jitsi's prosody module does, with a library independent of the one
 * that signed it: HS256 only, the app id as issuer, `jitsi` as audience, the Jitsi host (no
 * port) as subject. Throws when any of that does not hold.
 */
export function verifyJitsiToken(token: string, server: JitsiServerFixture): Jwt & { payload: JitsiClaims } {
  return jwt.verify(token, server.secret, {
    algorithms: ['HS256'],
    issuer: server.appId,
    audience: 'jitsi',
    subject: server.domain.replace(/:\d+$/, ''),
    complete: true,
  }) as Jwt & { payload: JitsiClaims };
}
