import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { actorOf, AuditService, invalid, type Locale, type Principal, type ResolvedCentre } from '#kernel';

import { CONSENT_VERSION, consentText } from './consent.js';
import type { VideoConsentView } from './contracts.js';
import { VideoConsent } from './video.entities.js';

/**
 * A client's consent to video counselling (seed section 9): shown before the first session,
 * stored with its time and the version of the text, withdrawable. No token without it.
 */
@Injectable()
export class VideoConsentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async view(centre: ResolvedCentre, client: Principal, locale: Locale): Promise<VideoConsentView> {
    const row = await this.dataSource.getRepository(VideoConsent).findOneBy({ userId: client.id, centreId: centre.id });
    return {
      current: consentText(locale),
      accepted: row ? { version: row.version, at: row.acceptedAt.toISOString() } : null,
      valid: row?.version === CONSENT_VERSION,
    };
  }

  /** Accepts the text the client read: only the current version counts. */
  async accept(centre: ResolvedCentre, client: Principal, version: string, locale: Locale): Promise<VideoConsentView> {
    if (version !== CONSENT_VERSION) throw invalid([{ field: 'version', code: 'field.consentVersion' }]);
    await this.dataSource.transaction(async (manager) => {
      // An upsert, not save()'s read-then-insert: a double-clicked "I agree" must not fail on the primary key.
      await manager.getRepository(VideoConsent).upsert({ userId: client.id, centreId: centre.id, version, acceptedAt: new Date() }, ['userId']);
      await this.audit.record(actorOf(client), { action: 'video.consent-given', target: { type: 'video_consent', id: client.id } }, manager);
    });
    return this.view(centre, client, locale);
  }

  async withdraw(centre: ResolvedCentre, client: Principal): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { affected } = await manager.delete(VideoConsent, { userId: client.id, centreId: centre.id });
      if (affected) await this.audit.record(actorOf(client), { action: 'video.consent-withdrawn', target: { type: 'video_consent', id: client.id } }, manager);
    });
  }

  async isValid(centreId: string, userId: string): Promise<boolean> {
    const row = await this.dataSource.getRepository(VideoConsent).findOne({ where: { userId, centreId }, select: { version: true } });
    return row?.version === CONSENT_VERSION;
  }
}
