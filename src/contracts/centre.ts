import type { FeatureKey } from './modules.js';

/** What anyone may read about a centre: the portal's branding and which modules it offers. */
export interface PublicCentre {
  slug: string;
  name: string;
  suspended: boolean;
  modules: FeatureKey[];
  imprint: string | null;
  privacyText: string;
  homepageUrl: string | null;
  logoUrl: string | null;
  imageUrl: string | null;
  /** Filled by the `anonymous` module once it exists; null while the module is off. */
  liveChat: { open: boolean } | null;
  topicChats: { id: string; title: string; startsAt: string; endsAt: string }[];
  /** The upload limit of the document box; null while the `documents` module is off. */
  documentMaxBytes: number | null;
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
  role: import('./roles.js').Role;
  centre: string | null;
  displayName: string;
  locale: 'de' | 'en';
  /** Staff of a centre that requires two-factor login must set it up before anything else. */
  twoFactorSetupPending?: boolean;
}
