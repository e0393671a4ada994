import type { Me } from '@contracts/centre';

/** Where each role starts after login. */
export function homeFor(me: Me): string {
  if (me.role === 'operator') return '/operator';
  const base = `/${me.centre}`;
  if (me.twoFactorSetupPending) return `${base}/konto/zwei-faktor`;
  switch (me.role) {
    case 'client':
      return `${base}/start`;
    case 'counsellor':
      return `${base}/beratung`;
    case 'admin':
      return `${base}/verwaltung`;
  }
}
