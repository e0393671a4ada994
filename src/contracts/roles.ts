/**
 * Shared between the API and the Angular app: keep this folder free of runtime dependencies.
 */
export const CENTRE_ROLES = ['admin', 'counsellor', 'client'] as const;
export type CentreRole = (typeof CENTRE_ROLES)[number];
export type Role = CentreRole | 'operator';
export const STAFF_ROLES: readonly CentreRole[] = ['admin', 'counsellor'];
export const ALL_ROLES: readonly Role[] = ['operator', ...CENTRE_ROLES];
