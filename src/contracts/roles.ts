/**
 * Shared between the API and the Angular app: keep this folder free of runtime dependencies.
 */
export const CENTRE_ROLES = ['admin', 'counsellor', 'client'] as const;
export type CentreRole = (typeof CENTRE_ROLES)[number];
/** Someone without an account in a session of their own at one centre (e.g. an anonymous chat). */
export const GUEST_ROLE = 'guest';
/** Roles of people with an account. */
export type AccountRole = CentreRole | 'operator';
export type Role = AccountRole | typeof GUEST_ROLE;
export const STAFF_ROLES: readonly CentreRole[] = ['admin', 'counsellor'];
/** Everyone with an account (not guests). */
export const ALL_ROLES: readonly AccountRole[] = ['operator', ...CENTRE_ROLES];
