import type { CentreRole } from './roles.js';

export type AccountStatus = 'pending' | 'active' | 'deactivated';

/** What the admin sees of a person: who and in what state, never anything they wrote. */
export interface UserSummary {
  id: string;
  role: CentreRole;
  status: AccountStatus;
  name: string;
  /** Staff only: the admin created them with it. Clients are listed by pseudonym. */
  email: string | null;
  emailConfirmed: boolean;
  twoFactorEnabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  /** Whether the person has written anything in any module (for clean-up). */
  hasWritten: boolean;
}

/** A person's view of their own account. */
export interface AccountProfile {
  id: string;
  role: CentreRole;
  username: string | null;
  email: string;
  displayName: string | null;
  locale: 'de' | 'en';
  /** E-mail about new messages: each time, at most hourly, or never (staff only). */
  notifyMode: 'each' | 'hourly' | 'off';
  createdAt: string;
  twoFactor: { available: boolean; enabled: boolean; required: boolean; recoveryCodesLeft: number };
}

export interface TotpSetup {
  secret: string;
  uri: string;
  /** The otpauth URI as a QR code: an SVG data URL rendered by the server. */
  qrCode: string;
}

/** The operator's view of their own account: two-factor login is mandatory and cannot be switched off. */
export interface OperatorProfile {
  email: string;
  twoFactor: { enabled: boolean; recoveryCodesLeft: number };
}
