import type { Readable } from 'node:stream';

/** A stored file is missing (deleted meanwhile, or never written). */
export class StoredFileMissing extends Error {}

const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

export function assertStorageKey(key: string): void {
  if (!KEY.test(key) || key.length > 300) throw new Error(`Invalid storage key: ${key}`);
}

/**
 * Where file contents live (documents). Callers hand in bytes that are sealed already: a store
 * never sees plaintext. Keys are `<centreId>/<area>/<id>`, so a centre's files can go at once.
 * The local directory is the default; an S3-like store can implement the same port.
 */
export abstract class FileStore {
  /** Stores `source` under `key`; the file appears whole or not at all. Returns the bytes written. */
  abstract put(key: string, source: Readable): Promise<number>;
  /** The stored bytes; throws StoredFileMissing. */
  abstract get(key: string): Promise<Readable>;
  abstract delete(key: string): Promise<void>;
  /** Removes everything under `prefix` (a centre that is deleted). */
  abstract deleteAll(prefix: string): Promise<void>;
  /** The first parts of all stored keys (one per centre that has files). */
  abstract prefixes(): AsyncIterable<string>;
  /** Keys under `prefix` with their age, for sweeping files whose rows are gone. */
  abstract list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }>;
}
