/**
 * Powerful browser features nobody's page here uses are switched off, for the page and anything
 * it embeds (the video module will allow camera and microphone where it needs them).
 */
export const PERMISSIONS_POLICY = [
  'camera', 'microphone', 'geolocation', 'payment', 'usb', 'serial', 'hid', 'midi', 'display-capture',
  'screen-wake-lock', 'accelerometer', 'gyroscope', 'magnetometer',
].map((feature) => `${feature}=()`).join(', ');

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
