import type { Principal } from '../../common/request.js';

export interface StoredSession {
  id: string;
  principal: Principal;
  /** Staff who must set up two-factor login before anything else. */
  twoFactorSetupPending: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/**
 * Where sessions live: the database by default, Redis when configured. Keeping sessions
 * server-side is what makes logout everywhere, deactivation and deletion take effect at once.
 */
export abstract class SessionStore {
  abstract create(session: StoredSession): Promise<void>;
  abstract get(id: string): Promise<StoredSession | null>;
  abstract touch(id: string, at: Date): Promise<void>;
  abstract update(id: string, changes: { twoFactorSetupPending: boolean }): Promise<void>;
  abstract delete(id: string): Promise<void>;
  abstract deleteForPrincipal(principalId: string): Promise<number>;
  abstract deleteForCentre(centreId: string): Promise<number>;
  /** Of `ids`, those still valid: not ended, not past `now`, seen after `idleSince`. */
  abstract alive(ids: string[], now: Date, idleSince: Date): Promise<Set<string>>;
  /** Removes sessions past their absolute expiry or idle since before `idleSince`. */
  abstract deleteStale(now: Date, idleSince: Date): Promise<number>;
}
