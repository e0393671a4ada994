/**
 * Visitors send no links: an anonymous chat is no place for advertising, phishing or a link
 * that would tell a visitor's browser history to someone. Addresses with a scheme, "www." and
 * host names with a common top-level domain count, also written with spaces around the dot
 * ("beispiel . de"; not "ok. de", which is a sentence).
 */
const LINK = new RegExp(
  [
    String.raw`\b[a-z][a-z0-9+.-]*:\/\/`,
    String.raw`\bwww\s*\.`,
    String.raw`\b[\p{L}\p{N}-]+(?:\.|\s+\.\s+)(?:de|com|net|org|info|io|eu|at|ch|me|ly|co|app|xyz|online|site|link|shop|ru|tk|to|gg|tv|biz|us|uk|nl|fr|it|pl)\b`,
    String.raw`\b(?:t\.me|wa\.me|bit\.ly)\b`,
  ].join('|'),
  'iu',
);

export function containsLink(text: string): boolean {
  return LINK.test(text);
}
