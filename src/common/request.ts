import type { Request } from 'express';

import type { Role } from '../contracts/roles.js';
import type { Locale } from './locale.js';

export interface Principal {
  /** `guest`: no account; a session of its own at one centre. */
  type: 'operator' | 'user' | 'guest';
  id: string;
  role: Role;
  /** Centre id for centre users and guests; null for the operator. */
  centreId: string | null;
}

export interface RequestSession {
  /** sha256 of the cookie token: the only form in which the session id is stored. */
  id: string;
  principal: Principal;
  twoFactorSetupPending: boolean;
}

export interface ResolvedCentre {
  id: string;
  slug: string;
  name: string;
  modules: readonly string[];
  suspended: boolean;
}

/** The express request as BeraDIG's middleware and guards enrich it. */
export interface AppRequest extends Request {
  id: string;
  locale: Locale;
  session?: RequestSession;
  centre?: ResolvedCentre;
  cspNonce?: string;
}
