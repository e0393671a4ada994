import { Injectable } from '@nestjs/common';

import { PortalContributor, type ResolvedCentre } from '#kernel';

import type { SchedulingPortalInfo } from './contracts.js';
import { TeamService } from './team.service.js';

/** Tells the portal how many counsellors present themselves, so it links the team page only when there is one. */
@Injectable()
export class SchedulingPortal extends PortalContributor {
  readonly feature = 'scheduling';

  constructor(private readonly team: TeamService) {
    super();
  }

  async contribute(centre: ResolvedCentre): Promise<SchedulingPortalInfo> {
    return { teamSize: (await this.team.onTeamPage(centre)).length };
  }
}
