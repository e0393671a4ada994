import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { CentreService } from '../tenancy/centre.service.js';
import { KERNEL_TEMPLATES } from '../notifications/templates.js';
import { ActivityNotifier } from './activity-notifier.js';
import { CASE_ASSIGNED, type CaseAssignedEvent } from './case-events.js';

/** E-mail the counsellor a case was assigned to (content-free, as they chose). */
@Injectable()
export class CaseNotifications {
  constructor(
    private readonly notifier: ActivityNotifier,
    private readonly centres: CentreService,
  ) {}

  @OnEvent(CASE_ASSIGNED, { async: true, suppressErrors: true })
  async assigned(event: CaseAssignedEvent): Promise<void> {
    const centre = await this.centres.byId(event.centreId);
    if (centre) await this.notifier.notify(centre, [event.counsellorId], KERNEL_TEMPLATES['case-assigned']);
  }
}
