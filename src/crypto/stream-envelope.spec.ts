import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { describe, expect, it } from 'vitest';

import { DecryptionError, encodeAad } from './envelope.js';
import { OpenStream, SealStream, sealedStreamLength, STREAM_HEADER_BYTES } from './stream-envelope.js';

const key = randomBytes(32);
const aad = encodeAad('centre-a', { table: 'stored_file', id: 'file-1' });
const CHUNK = 1024;

/** Feeds `data` in pieces of `piece` bytes, as a socket would. */
async function run(transform: SealStream | OpenStream, data: Buffer, piece = 333): Promise<Buffer> {
  const out: Buffer[] = [];
  const pieces = Array.from({ length: Math.ceil(data.length / piece) }, (_, i) => data.subarray(i * piece, (i + 1) * piece));
  await pipeline(Readable.from(pieces), transform, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return Buffer.concat(out);
}

const seal = (data: Buffer, piece?: number) => run(new SealStream(key, 3, aad, CHUNK), data, piece);
const open = (sealed: Buffer, withAad = aad, piece?: number) => run(new OpenStream((v) => (v === 3 ? key : undefined), withAad), sealed, piece);

describe('sealed streams', () => {
  it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 5 * CHUNK + 17])('round-trips %i bytes, whatever the piece sizes', async (size) => {
    const data = randomBytes(size);
    const sealed = await seal(data, 100);
    expect(sealed.length).toBe(sealedStreamLength(size, CHUNK));
    expect((await open(sealed, aad, 7)).equals(data)).toBe(true);
    expect((await open(sealed, aad, 100_000)).equals(data)).toBe(true);
  });

  it('does not carry the plaintext', async () => {
    const data = Buffer.from('Vertraulicher Beratungsinhalt '.repeat(200));
    expect((await seal(data)).includes('Vertraulicher')).toBe(false);
  });

  it('refuses another file, a flipped bit, a cut at a chunk boundary, a dropped or swapped chunk', async () => {
    const data = randomBytes(4 * CHUNK + 10);
    const sealed = await seal(data);
    const sealedChunk = CHUNK + 16;
    const chunkAt = (i: number) => sealed.subarray(STREAM_HEADER_BYTES + i * sealedChunk, STREAM_HEADER_BYTES + (i + 1) * sealedChunk);
    const header = sealed.subarray(0, STREAM_HEADER_BYTES);
    const flipped = Buffer.from(sealed);
    flipped.writeUInt8(flipped.readUInt8(STREAM_HEADER_BYTES + 5) ^ 1, STREAM_HEADER_BYTES + 5);
    const variants = [
      open(sealed, encodeAad('centre-a', { table: 'stored_file', id: 'file-2' })),
      open(sealed, encodeAad('centre-b', { table: 'stored_file', id: 'file-1' })),
      open(flipped),
      open(sealed.subarray(0, STREAM_HEADER_BYTES + 2 * sealedChunk)),
      open(sealed.subarray(0, sealed.length - 1)),
      open(Buffer.concat([header, chunkAt(0), chunkAt(2), chunkAt(1), sealed.subarray(STREAM_HEADER_BYTES + 3 * sealedChunk)])),
      open(Buffer.concat([header, chunkAt(1), chunkAt(2), chunkAt(3), sealed.subarray(STREAM_HEADER_BYTES + 4 * sealedChunk)])),
      open(header),
      open(Buffer.alloc(0)),
    ];
    for (const attempt of variants) await expect(attempt).rejects.toBeInstanceOf(DecryptionError);
  });

  it('refuses an unknown key version', async () => {
    const sealed = await run(new SealStream(key, 9, aad, CHUNK), randomBytes(10));
    await expect(open(sealed)).rejects.toThrow('Unknown data key version');
  });
});
