/** Powerful browser features the Permissions-Policy header names. */
export const POWERFUL_FEATURES: readonly string[] = [
  'camera', 'microphone', 'geolocation', 'payment', 'usb', 'serial', 'hid', 'midi', 'display-capture',
  'screen-wake-lock', 'accelerometer', 'gyroscope', 'magnetometer',
];

/**
 * Switched off, for the page and anything it embeds, unless a feature's pages need one on a
 * centre that licenses it (`PagePolicyContributor`: e.g. camera and microphone for a call).
 */
export const PERMISSIONS_POLICY = POWERFUL_FEATURES.map((feature) => `${feature}=()`).join(', ');

/** What every answer that is not a page says about itself (also the socket endpoint's). */
export function apiSecurityHeaders(secure: boolean): Record<string, string> {
  return {
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
    'Permissions-Policy': PERMISSIONS_POLICY,
    ...(secure ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
