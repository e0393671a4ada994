import { Injectable } from '@nestjs/common';

import { AppConfig, PortalContributor, type ResolvedCentre, textSetting } from '#kernel';

import type { AnonymousPublicInfo } from './contracts.js';
import { DutyService } from './duty.service.js';
import { AnonymousSettingsService } from './settings.service.js';
import { TopicService } from './topics.service.js';

const CACHE_MS = 1_000;
const DEFAULT_EXIT_URL = 'https://www.google.de/';

/**
 * What everyone may know of the module at this centre — whether the live chat is open, the
 * emergency numbers, the announced topic chats, where the quick exit leads — for the portal info
 * and the status the public pages poll (a second's cache: every open portal asks).
 */
@Injectable()
export class AnonymousPortal extends PortalContributor {
  readonly feature = 'anonymous';
  private readonly exitUrl: string;
  private readonly cache = new Map<string, { info: AnonymousPublicInfo; at: number }>();

  constructor(
    private readonly duty: DutyService,
    private readonly settings: AnonymousSettingsService,
    private readonly topics: TopicService,
    config: AppConfig,
  ) {
    super();
    this.exitUrl = textSetting(config, 'ANONYMOUS_EXIT_URL', { pattern: /^https:\/\/[^\s"'<>]+$/, describe: 'an https:// address of a neutral site' }) ?? DEFAULT_EXIT_URL;
  }

  async contribute(centre: ResolvedCentre): Promise<AnonymousPublicInfo> {
    const hit = this.cache.get(centre.id);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.info;
    const [live, settings, topics] = await Promise.all([this.duty.status(centre.id), this.settings.view(centre.id), this.topics.announced(centre.id)]);
    const info: AnonymousPublicInfo = { live, emergencyNumbers: settings.emergencyNumbers, exitUrl: this.exitUrl, topics };
    this.cache.set(centre.id, { info, at: Date.now() });
    if (this.cache.size > 10_000) this.cache.clear();
    return info;
  }

  /** A change here shows at once on this instance (others follow within the second). */
  forget(centreId: string): void {
    this.cache.delete(centreId);
  }
}
