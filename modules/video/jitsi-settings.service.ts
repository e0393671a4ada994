import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import {
  actorOf,
  AppConfig,
  AuditService,
  ConfigError,
  CryptoService,
  type Principal,
  RealtimeService,
  type ResolvedCentre,
  textSetting,
} from '#kernel';

import { MIN_JITSI_SECRET_LENGTH, type VideoSettingsView } from './contracts.js';
import { JITSI_APP_ID, JITSI_DOMAIN, JITSI_SECRET } from './dto.js';
import { secretAad, VideoSettings } from './video.entities.js';

/** The Jitsi server a centre's rooms run on, and how its tokens are signed. */
export interface JitsiServer {
  domain: string;
  appId: string;
  secret: string;
}

const CACHE_MS = 5000;
const SETTINGS_CHANGED = 'video:settings-changed';

/**
 * Which Jitsi Meet a centre uses: its own settings (set by the operator or the centre's admin,
 * the secret sealed with the centre's key), else the server-wide JITSI_* defaults, else none
 * (then nobody can join and the pages say so). Read on every join and every page of the portal
 * (for the CSP), so kept a few seconds and dropped on every instance when changed.
 */
@Injectable()
export class JitsiSettingsService {
  private readonly defaults: JitsiServer | null;
  private readonly cache = new Map<string, { server: JitsiServer | null; source: VideoSettingsView['source']; at: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeService,
    config: AppConfig,
  ) {
    const domain = textSetting(config, 'JITSI_DOMAIN', { pattern: JITSI_DOMAIN, describe: 'the Jitsi server’s host name, e.g. meet.example.org (no https://)' });
    const appId = textSetting(config, 'JITSI_APP_ID', { pattern: JITSI_APP_ID, describe: 'letters, digits, dot, hyphen and underscore (Jitsi’s JWT_APP_ID)' });
    const secret = textSetting(config, 'JITSI_APP_SECRET', {
      pattern: JITSI_SECRET,
      describe: `at least ${MIN_JITSI_SECRET_LENGTH} printable characters without spaces (Jitsi’s JWT_APP_SECRET)`,
      secret: true,
    });
    const given = [domain, appId, secret].filter((v) => v !== undefined).length;
    if (given !== 0 && given !== 3) throw new ConfigError('Invalid configuration:\n  JITSI_DOMAIN, JITSI_APP_ID and JITSI_APP_SECRET go together: set all three or none');
    this.defaults = domain && appId && secret ? { domain, appId, secret } : null;
    this.realtime.fromOtherInstances(SETTINGS_CHANGED, (centreId) => this.cache.delete(centreId));
  }

  /** The server in force for a centre, or null when video is not set up there. */
  async server(centreId: string): Promise<JitsiServer | null> {
    return (await this.resolve(centreId)).server;
  }

  async view(centreId: string): Promise<VideoSettingsView> {
    const { server, source } = await this.resolve(centreId);
    return { source, domain: server?.domain ?? null, appId: server?.appId ?? null, secretSet: !!server };
  }

  /** Sets the centre's own server; without a secret the one already set is kept. */
  async save(centre: ResolvedCentre, actor: Principal, input: { domain: string; appId: string; secret?: string }): Promise<VideoSettingsView> {
    await this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(VideoSettings, { centreId: centre.id });
      const cipher = await this.crypto.forCentre(centre.id);
      const sealedSecret = input.secret ? cipher.seal(secretAad(centre.id), input.secret) : existing?.sealedSecret;
      // The secret is refused by the controller when missing and none is kept; this is the last guard.
      if (!sealedSecret) throw new Error('no Jitsi secret to keep');
      // An upsert, not save()'s read-then-insert: two saves at once (operator and admin) must not fail on the primary key.
      await manager.getRepository(VideoSettings).upsert({ centreId: centre.id, domain: input.domain, appId: input.appId, sealedSecret, updatedAt: new Date() }, ['centreId']);
      await this.audit.record(actorOf(actor), { action: 'video.settings-changed', target: { type: 'video_settings', id: centre.id } }, manager);
    });
    this.forget(centre.id);
    return this.view(centre.id);
  }

  /** Back to the server's defaults (or none). */
  async clear(centre: ResolvedCentre, actor: Principal): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(VideoSettings, { centreId: centre.id });
      await this.audit.record(actorOf(actor), { action: 'video.settings-cleared', target: { type: 'video_settings', id: centre.id } }, manager);
    });
    this.forget(centre.id);
  }

  /** Whether the centre has a secret of its own that a save without one would keep. */
  async hasOwnSecret(centreId: string): Promise<boolean> {
    return (await this.dataSource.getRepository(VideoSettings).countBy({ centreId })) > 0;
  }

  private forget(centreId: string): void {
    this.cache.delete(centreId);
    this.realtime.toOtherInstances(SETTINGS_CHANGED, centreId);
  }

  private async resolve(centreId: string): Promise<{ server: JitsiServer | null; source: VideoSettingsView['source'] }> {
    const hit = this.cache.get(centreId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit;
    const own = await this.dataSource.getRepository(VideoSettings).findOneBy({ centreId });
    let entry: { server: JitsiServer | null; source: VideoSettingsView['source'] };
    if (own) {
      const cipher = await this.crypto.forCentre(centreId);
      entry = { server: { domain: own.domain, appId: own.appId, secret: cipher.openText(secretAad(centreId), own.sealedSecret) }, source: 'own' };
    } else {
      entry = this.defaults ? { server: this.defaults, source: 'server' } : { server: null, source: 'none' };
    }
    this.cache.set(centreId, { ...entry, at: Date.now() });
    if (this.cache.size > 10_000) this.cache.clear();
    return entry;
  }
}
