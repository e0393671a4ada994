import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Injectable } from '@nestjs/common';

import { AppConfig } from '../config/app-config.js';
import { assertStorageKey, FileStore, StoredFileMissing } from './file-store.js';

/**
 * Files in a local directory (FILES_DIR, default var/files), readable by the service user only.
 * Writes go to a temporary name first and are renamed when complete and synced.
 */
@Injectable()
export class LocalFileStore extends FileStore {
  private readonly root: string;

  constructor(config: AppConfig) {
    super();
    this.root = config.filesDir;
  }

  private path(key: string): string {
    assertStorageKey(key);
    return join(this.root, ...key.split('/'));
  }

  async put(key: string, source: Readable): Promise<number> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.part`;
    let bytes = 0;
    try {
      const out = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
      source.on('data', (chunk: Buffer) => (bytes += chunk.length));
      await pipeline(source, out);
      const handle = await open(temporary, 'r');
      await handle.sync().finally(() => handle.close());
      await rename(temporary, target);
      return bytes;
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    const path = this.path(key);
    try {
      await stat(path);
    } catch {
      throw new StoredFileMissing(key);
    }
    return createReadStream(path, { highWaterMark: 256 * 1024 });
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async deleteAll(prefix: string): Promise<void> {
    await rm(this.path(prefix), { recursive: true, force: true });
  }

  async *prefixes(): AsyncIterable<string> {
    let entries;
    try {
      entries = await readdir(this.root, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) if (entry.isDirectory()) yield entry.name;
  }

  async *list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }> {
    const base = this.path(prefix);
    let entries;
    try {
      entries = await readdir(base, { recursive: true, withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath, entry.name);
      if (entry.name.endsWith('.part')) {
        // Left behind by a crash mid-write; a write in progress is younger than an hour.
        if (Date.now() - (await stat(full)).mtimeMs > 3_600_000) await unlink(full).catch(() => undefined);
        continue;
      }
      const key = relative(this.root, full).split(sep).join('/');
      yield { key, modifiedAt: (await stat(full)).mtime };
    }
  }
}
