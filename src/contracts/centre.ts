import type { FeatureKey } from './modules.js';

/** What anyone may read about a centre: the portal's branding and which modules it offers. */
export interface PublicCentre {
  slug: string;
  name: string;
  suspended: boolean;
  modules: FeatureKey[];
  /** How a client may ask to be contacted here (licensed channels, phone, in person). */
  contactTypes: string[];
  imprint: string | null;
  privacyText: string;
  homepageUrl: string | null;
  logoUrl: string | null;
  imageUrl: string | null;
  /**
   * What licensed features add to the portal, under their key (each feature's contract says
   * what its part looks like); a feature that is off adds nothing.
   */
  features: Record<string, unknown>;
}

export interface Tier {
  id: string;
  name: string;
  modules: FeatureKey[];
  setupFee: number;
  annualFee: number;
}

/** The operator's view of a centre: no personal data of anyone. */
export interface PlatformCentre {
  id: string;
  slug: string;
  name: string;
  modules: FeatureKey[];
  suspended: boolean;
  imprint: string | null;
  privacyText: string | null;
  homepageUrl: string | null;
  hasLogo: boolean;
  hasImage: boolean;
  tier: Tier | null;
  annualFee: number;
  setupFee: number;
  createdAt: string;
}

export interface Me {
  id: string;
  role: import('./roles.js').AccountRole;
  centre: string | null;
  displayName: string;
  locale: 'de' | 'en';
  /** Staff of a centre that requires two-factor login must set it up before anything else. */
  twoFactorSetupPending?: boolean;
}
