import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

import { DecryptionError } from './envelope.js';

/**
 * Sealed files, in chunks, so that a 20 MB upload is never held twice in memory and a download
 * starts before the whole file is opened.
 *
 *   header:  "BDS1" · data key version (uint32) · 8-byte random nonce prefix · chunk size (uint32)
 *   chunks:  AES-256-GCM ciphertext of up to `chunk size` bytes · 16-byte tag
 *
 * Chunk i uses IV = prefix ‖ i (uint32) and AAD = the value's AAD ‖ i ‖ last-flag, so chunks
 * cannot be reordered, dropped, swapped between files, or cut off at a chunk boundary.
 */
const MAGIC = Buffer.from('BDS1', 'latin1');
export const STREAM_HEADER_BYTES = 4 + 4 + 8 + 4;
const TAG_BYTES = 16;
export const DEFAULT_CHUNK_BYTES = 64 * 1024;

function chunkAad(aad: Buffer, index: number, last: boolean): Buffer {
  const out = Buffer.allocUnsafe(aad.length + 5);
  aad.copy(out, 0);
  out.writeUInt32BE(index, aad.length);
  out[aad.length + 4] = last ? 1 : 0;
  return out;
}

function chunkIv(prefix: Buffer, index: number): Buffer {
  const iv = Buffer.allocUnsafe(12);
  prefix.copy(iv, 0);
  iv.writeUInt32BE(index, 8);
  return iv;
}

/** Size of the sealed form of `plainBytes` bytes. */
export function sealedStreamLength(plainBytes: number, chunkBytes = DEFAULT_CHUNK_BYTES): number {
  const chunks = Math.max(1, Math.ceil(plainBytes / chunkBytes));
  return STREAM_HEADER_BYTES + plainBytes + chunks * TAG_BYTES;
}

/** Reads the data key version of a sealed stream from its header. */
export function streamKeyVersion(header: Buffer): number {
  if (header.length < STREAM_HEADER_BYTES || !header.subarray(0, 4).equals(MAGIC)) throw new DecryptionError('Not a sealed stream.');
  return header.readUInt32BE(4);
}


/** Bytes that arrive in pieces of any size and leave in chunks of a chosen size. */
class ByteQueue {
  private parts: Buffer[] = [];
  length = 0;

  push(data: Buffer): void {
    this.parts.push(data);
    this.length += data.length;
  }

  take(bytes: number): Buffer {
    const all = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length);
    const rest = all.subarray(bytes);
    this.parts = rest.length ? [rest] : [];
    this.length = rest.length;
    return all.subarray(0, bytes);
  }
}

/** Plaintext in, sealed stream out. The last chunk is sealed on flush, marked as last. */
export class SealStream extends Transform {
  private readonly pending = new ByteQueue();
  private index = 0;
  private readonly prefix = randomBytes(8);

  constructor(
    private readonly key: Buffer,
    keyVersion: number,
    private readonly aad: Buffer,
    private readonly chunkBytes = DEFAULT_CHUNK_BYTES,
  ) {
    super();
    const header = Buffer.allocUnsafe(STREAM_HEADER_BYTES);
    MAGIC.copy(header, 0);
    header.writeUInt32BE(keyVersion, 4);
    this.prefix.copy(header, 8);
    header.writeUInt32BE(chunkBytes, 16);
    this.push(header);
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending.push(data);
    // Keep at least one byte back: only flush knows which chunk is the last.
    while (this.pending.length > this.chunkBytes) this.sealChunk(this.pending.take(this.chunkBytes), false);
    done();
  }

  override _flush(done: TransformCallback): void {
    this.sealChunk(this.pending.take(this.pending.length), true);
    done();
  }

  private sealChunk(plain: Buffer, last: boolean): void {
    const cipher = createCipheriv('aes-256-gcm', this.key, chunkIv(this.prefix, this.index));
    cipher.setAAD(chunkAad(this.aad, this.index, last));
    const body = cipher.update(plain);
    cipher.final();
    this.push(body);
    this.push(cipher.getAuthTag());
    this.index++;
  }
}

/**
 * Sealed stream in, plaintext out; fails (and stops) at the first chunk that does not open,
 * and at the end when the last chunk never came.
 */
export class OpenStream extends Transform {
  private readonly pending = new ByteQueue();
  private header?: { prefix: Buffer; sealedChunk: number };
  private index = 0;

  constructor(
    private readonly keyFor: (version: number) => Buffer | undefined,
    private readonly aad: Buffer,
  ) {
    super();
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending.push(data);
    try {
      if (!this.header) {
        if (this.pending.length < STREAM_HEADER_BYTES) return done();
        this.readHeader(this.pending.take(STREAM_HEADER_BYTES));
      }
      const sealedChunk = this.header!.sealedChunk;
      while (this.pending.length > sealedChunk) this.openChunk(this.pending.take(sealedChunk), false);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (!this.header || this.pending.length < TAG_BYTES) throw new DecryptionError('The sealed stream is cut short.');
      this.openChunk(this.pending.take(this.pending.length), true);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private key?: Buffer;

  private readHeader(header: Buffer): void {
    const version = streamKeyVersion(header);
    const key = this.keyFor(version);
    if (!key) throw new DecryptionError('Unknown data key version.');
    this.key = key;
    const chunk = header.readUInt32BE(16);
    if (chunk < 1 || chunk > 16 * 1024 * 1024) throw new DecryptionError('Not a sealed stream.');
    this.header = { prefix: Buffer.from(header.subarray(8, 16)), sealedChunk: chunk + TAG_BYTES };
  }

  private openChunk(sealed: Buffer, last: boolean): void {
    const decipher = createDecipheriv('aes-256-gcm', this.key!, chunkIv(this.header!.prefix, this.index));
    decipher.setAAD(chunkAad(this.aad, this.index, last));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    try {
      decipher.final();
    } catch {
      throw new DecryptionError(last ? 'The sealed stream is cut short or altered.' : 'A chunk of the sealed stream was altered.');
    }
    this.push(body);
    this.index++;
  }
}
