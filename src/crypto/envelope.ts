import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Binary layout of a sealed value:
 *   [0]      format version (1)
 *   [1..4]   data key version, uint32 big-endian
 *   [5..16]  96-bit random IV
 *   [17..32] GCM authentication tag
 *   [33..]   ciphertext
 * The AAD is not stored: the reader rebuilds it from where the value lives, which is what binds
 * a ciphertext to its tenant, table, column and row.
 */
export const FORMAT_VERSION = 1;
const HEADER = 1 + 4 + 12 + 16;
const IV_AT = 5;
const TAG_AT = 17;

export interface Aad {
  /** Table (or logical store) the value lives in. */
  table: string;
  /** Primary key of the row. */
  id: string;
  /** Column, when a row has more than one sealed value. */
  column?: string;
}

export class DecryptionError extends Error {
  constructor(message = 'The value cannot be opened with this key and context.') {
    super(message);
  }
}

export function encodeAad(tenantId: string, aad: Aad): Buffer {
  return Buffer.from(`beradig/v1\u0000${tenantId}\u0000${aad.table}\u0000${aad.column ?? ''}\u0000${aad.id}`, 'utf8');
}

export function sealWithKey(key: Buffer, keyVersion: number, aad: Buffer, plaintext: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  const tail = cipher.final();
  const out = Buffer.allocUnsafe(HEADER + body.length + tail.length);
  out[0] = FORMAT_VERSION;
  out.writeUInt32BE(keyVersion, 1);
  iv.copy(out, IV_AT);
  cipher.getAuthTag().copy(out, TAG_AT);
  body.copy(out, HEADER);
  if (tail.length > 0) tail.copy(out, HEADER + body.length);
  return out;
}

/** Reads the data key version from a sealed value without opening it. */
export function keyVersionOf(sealed: Uint8Array): number {
  if (sealed.length < HEADER || sealed[0] !== FORMAT_VERSION) throw new DecryptionError('Not a sealed value.');
  // Read in place (big-endian): this runs for every value opened.
  return ((sealed[1]! << 24) | (sealed[2]! << 16) | (sealed[3]! << 8) | sealed[4]!) >>> 0;
}

export function openWithKey(key: Buffer, aad: Buffer, sealed: Uint8Array): Buffer {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (buf.length < HEADER || buf[0] !== FORMAT_VERSION) throw new DecryptionError('Not a sealed value.');
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(IV_AT, IV_AT + 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(buf.subarray(TAG_AT, HEADER));
  try {
    const body = decipher.update(buf.subarray(HEADER));
    const tail = decipher.final();
    return tail.length === 0 ? body : Buffer.concat([body, tail]);
  } catch {
    throw new DecryptionError();
  }
}

/** Data keys are wrapped with the same AEAD; the AAD names the centre and key version. */
export function wrapAad(centreId: string, version: number): Buffer {
  return Buffer.from(`beradig/dek/v1\u0000${centreId}\u0000${version}`, 'utf8');
}
