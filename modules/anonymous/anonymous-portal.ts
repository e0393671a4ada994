import { Injectable } from '@nestjs/common';

import { AppConfig, PortalContributor, type ResolvedCentre, textSetting } from '#kernel';

import type { AnonymousPublicInfo } from './contracts.js';
import { DutyService } from './duty.service.js';
import { AnonymousSettingsService } from './settings.service.js';
import { TopicService } from './topics.service.js';

const DEFAULT_EXIT_URL = 'https://www.google.de/';

/**
 * What everyone may know of the module at this centre — whether the live chat is open, the
 * emergency numbers, the announced topic chats, where the quick exit leads — for the portal info
 * and the status the public pages poll. Each part has its own short cache, dropped when it
 * changes (every open portal asks every few seconds).
 */
@Injectable()
export class AnonymousPortal extends PortalContributor {
  readonly feature = 'anonymous';
  private readonly exitUrl: string;

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
    const [live, settings, topics] = await Promise.all([this.duty.status(centre.id), this.settings.view(centre.id), this.topics.announcedCached(centre.id)]);
    return { live, emergencyNumbers: settings.emergencyNumbers, exitUrl: this.exitUrl, topics };
  }
}
