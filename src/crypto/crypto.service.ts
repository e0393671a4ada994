import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

import { Inject, Injectable, Logger, type OnModuleInit, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import { ClusterBus } from '../redis/cluster-bus.js';

import { CentreKey } from './centre-key.entity.js';
import {
  type Aad,
  DecryptionError,
  encodeAad,
  keyVersionOf,
  openWithKey,
  sealWithKey,
  wrapAad,
} from './envelope.js';
import { MasterKeyring } from './master-keyring.js';
import { OpenStream, SealStream } from './stream-envelope.js';

/** A centre's unwrapped data keys, ready for synchronous sealing. Lives only in memory. */
export class CentreCipher {
  constructor(
    readonly centreId: string,
    private readonly keys: ReadonlyMap<number, Buffer>,
    readonly currentVersion: number,
    private readonly indexKey: Buffer,
  ) {}

  hasVersion(version: number): boolean {
    return this.keys.has(version);
  }

  seal(aad: Aad, plaintext: Buffer | string): Buffer {
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    return sealWithKey(this.keys.get(this.currentVersion)!, this.currentVersion, encodeAad(this.centreId, aad), data);
  }

  open(aad: Aad, sealed: Uint8Array): Buffer {
    const key = this.keys.get(keyVersionOf(sealed));
    if (!key) throw new DecryptionError('Unknown data key version.');
    return openWithKey(key, encodeAad(this.centreId, aad), sealed);
  }

  openText(aad: Aad, sealed: Uint8Array): string {
    return this.open(aad, sealed).toString('utf8');
  }

  /** A transform that seals a file in chunks (see stream-envelope.ts). */
  sealStream(aad: Aad): SealStream {
    return new SealStream(this.keys.get(this.currentVersion)!, this.currentVersion, encodeAad(this.centreId, aad));
  }

  /** A transform that opens a sealed file, failing on any altered, reordered or missing chunk. */
  openStream(aad: Aad): OpenStream {
    return new OpenStream((version) => this.keys.get(version), encodeAad(this.centreId, aad));
  }

  /**
   * Keyed blind index for lookups of sealed values (e-mail, username): equal inputs give equal
   * indexes within one centre, and nothing can be learned from it without the centre's key.
   */
  blindIndex(purpose: string, value: string): string {
    return createHmac('sha256', this.indexKey).update(purpose).update('\u0000').update(value).digest('hex');
  }
}

/**
 * The blind-index key derives from data key version 1, which lives as long as the centre, so
 * indexes survive data key rotation.
 */
function indexKeyFor(centreId: string, firstDataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', firstDataKey, centreId, 'beradig/blind-index/v1', 32));
}

interface CacheEntry {
  cipher: Promise<CentreCipher>;
  resolved?: CentreCipher;
  loadedAt: number;
}

/**
 * Envelope encryption per centre: AES-256-GCM data keys, versioned, wrapped by the master key.
 * Features call seal/open with an AAD naming table, column and row; they never see keys.
 */
const KEYS_CHANGED = 'beradig:keys:changed';

@Injectable()
export class CryptoService implements OnModuleInit {
  private readonly logger = new Logger(CryptoService.name);
  private readonly cache = new Map<string, CacheEntry>();
  /** Other instances may rotate or destroy keys; cached keys are re-read after this long. */
  private readonly cacheTtlMs = 5 * 60_000;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keyring: MasterKeyring,
    @Optional() @Inject(ClusterBus) private readonly bus: ClusterBus | null = null,
  ) {}

  /**
   * With several instances (Redis), a rotation or deletion done by one (or by the CLI) makes
   * every other one drop its cached keys at once — not after the cache time, during which an
   * instance could not open what another had already sealed with the new version.
   */
  async onModuleInit(): Promise<void> {
    await this.bus?.on(KEYS_CHANGED, (centreId) => this.forget(centreId));
  }

  /** A centre's keys changed here: forget them here and on every other instance. */
  async keysChanged(centreId: string): Promise<void> {
    this.forget(centreId);
    await this.bus?.publish(KEYS_CHANGED, centreId);
  }

  forCentre(centreId: string): Promise<CentreCipher> {
    const entry = this.cache.get(centreId);
    if (entry && Date.now() - entry.loadedAt < this.cacheTtlMs) return entry.cipher;
    const cipher = this.load(centreId);
    const fresh: CacheEntry = { cipher, loadedAt: Date.now() };
    this.cache.set(centreId, fresh);
    cipher.then(
      (resolved) => (fresh.resolved = resolved),
      () => this.cache.get(centreId) === fresh && this.cache.delete(centreId),
    );
    return cipher;
  }

  /** The loaded cipher without waiting, when it is cached and fresh: the hot path. */
  private ready(centreId: string): CentreCipher | undefined {
    const entry = this.cache.get(centreId);
    return entry?.resolved && Date.now() - entry.loadedAt < this.cacheTtlMs ? entry.resolved : undefined;
  }

  seal(centreId: string, aad: Aad, plaintext: Buffer | string): Promise<Buffer> {
    const cipher = this.ready(centreId);
    // Sealing with a loaded key cannot fail; skipping the async machinery keeps it at raw speed.
    if (cipher) return Promise.resolve(cipher.seal(aad, plaintext));
    return this.forCentre(centreId).then((c) => c.seal(aad, plaintext));
  }

  open(centreId: string, aad: Aad, sealed: Uint8Array): Promise<Buffer> {
    const cipher = this.ready(centreId);
    // As with seal: a loaded key that knows the value's version opens it without async machinery.
    if (cipher?.hasVersion(keyVersionOf(sealed))) {
      try {
        return Promise.resolve(cipher.open(aad, sealed));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new DecryptionError());
      }
    }
    return this.openSlowly(centreId, aad, sealed);
  }

  private async openSlowly(centreId: string, aad: Aad, sealed: Uint8Array): Promise<Buffer> {
    let cipher = this.ready(centreId) ?? (await this.forCentre(centreId));
    if (!cipher.hasVersion(keyVersionOf(sealed))) {
      // Another instance rotated the key since we loaded it.
      this.forget(centreId);
      cipher = await this.forCentre(centreId);
    }
    return cipher.open(aad, sealed);
  }

  async openText(centreId: string, aad: Aad, sealed: Uint8Array): Promise<string> {
    return (await this.open(centreId, aad, sealed)).toString('utf8');
  }

  forget(centreId: string): void {
    this.cache.delete(centreId);
  }

  /**
   * Creates version 1 of a new centre's data key inside the caller's transaction and returns a
   * cipher for it, so the same transaction can seal the centre's first rows.
   */
  async createCentreKey(manager: EntityManager, centreId: string): Promise<CentreCipher> {
    const { row, dataKey } = this.wrapNew(centreId, 1);
    await manager.insert(CentreKey, row);
    return new CentreCipher(centreId, new Map([[1, dataKey]]), 1, indexKeyFor(centreId, dataKey));
  }

  /** Adds a new data key version; new values are sealed with it, old ones stay readable. */
  async rotateCentreKey(centreId: string): Promise<number> {
    const version = await this.dataSource.transaction(async (manager) => {
      const latest = await manager
        .createQueryBuilder(CentreKey, 'k')
        .select('MAX(k.version)', 'max')
        .where('k.centreId = :centreId', { centreId })
        .getRawOne<{ max: number | null }>();
      if (!latest?.max) throw new Error(`Centre ${centreId} has no data key.`);
      const next = Number(latest.max) + 1;
      await manager.insert(CentreKey, this.wrapNew(centreId, next).row);
      return next;
    });
    await this.keysChanged(centreId);
    return version;
  }

  /**
   * Re-wraps every data key that is not wrapped by the current master key. Row by row, so the
   * platform keeps serving: instances holding both keys can unwrap either form meanwhile.
   */
  async rewrapAll(): Promise<{ rewrapped: number; total: number }> {
    const repo = this.dataSource.getRepository(CentreKey);
    const keys = await repo.find();
    let rewrapped = 0;
    for (const row of keys) {
      if (row.kekId === this.keyring.current.id) continue;
      const dataKey = this.unwrap(row);
      const wrapped = sealWithKey(this.keyring.current.key, 0, wrapAad(row.centreId, row.version), dataKey);
      const result = await repo.update(
        { centreId: row.centreId, version: row.version, kekId: row.kekId },
        { kekId: this.keyring.current.id, wrappedKey: wrapped },
      );
      if (result.affected) rewrapped++;
    }
    this.cache.clear();
    return { rewrapped, total: keys.length };
  }

  /** Crypto-shredding: without its data keys, nothing sealed for the centre can be opened. */
  async destroyCentreKeys(manager: EntityManager, centreId: string): Promise<void> {
    await manager.delete(CentreKey, { centreId });
    this.forget(centreId);
  }

  private wrapNew(centreId: string, version: number): { row: CentreKey; dataKey: Buffer } {
    const dataKey = randomBytes(32);
    const row = Object.assign(new CentreKey(), {
      centreId,
      version,
      kekId: this.keyring.current.id,
      wrappedKey: sealWithKey(this.keyring.current.key, 0, wrapAad(centreId, version), dataKey),
      createdAt: new Date(),
    });
    return { row, dataKey };
  }

  private unwrap(row: CentreKey): Buffer {
    const kek = this.keyring.get(row.kekId);
    if (!kek) {
      throw new DecryptionError(
        `Data key ${row.centreId}/${row.version} is wrapped by master key ${row.kekId}, which is not configured.`,
      );
    }
    return openWithKey(kek.key, wrapAad(row.centreId, row.version), row.wrappedKey);
  }

  private async load(centreId: string): Promise<CentreCipher> {
    const rows = await this.dataSource.getRepository(CentreKey).find({ where: { centreId } });
    if (rows.length === 0) throw new DecryptionError(`Centre ${centreId} has no data key.`);
    const keys = new Map<number, Buffer>();
    for (const row of rows) keys.set(row.version, this.unwrap(row));
    const current = Math.max(...keys.keys());
    const first = keys.get(Math.min(...keys.keys()))!;
    this.logger.debug(`Loaded ${rows.length} data key version(s) for centre ${centreId}`);
    return new CentreCipher(centreId, keys, current, indexKeyFor(centreId, first));
  }
}
