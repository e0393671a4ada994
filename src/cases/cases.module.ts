import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';

import { CounsellorAbsence } from './absence.entity.js';
import { ActivityNotifier } from './activity-notifier.js';
import { CaseNotifications } from './case-notifications.js';
import { AbsenceService } from './absence.service.js';
import { CaseActivityRegistry } from './case-activity.port.js';
import { CaseMember } from './case-member.entity.js';
import { CasePeriod } from './case-period.entity.js';
import { CounsellingCase } from './case.entity.js';
import { CasesPersonalData } from './cases-personal-data.js';
import { CasesController } from './cases.controller.js';
import { DisplayNames } from './display-names.js';
import { CasesService } from './cases.service.js';
import { CaseAudiences } from './case-audiences.js';
import { CaseContent } from './case-content.js';
import { MeetingRooms } from './meeting-rooms.js';

/** Kernel cases: who counsels whom, in which periods; features hang their content on a case. */
@Global()
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([CounsellingCase, CaseMember, CasePeriod, CounsellorAbsence])],
  controllers: [CasesController],
  providers: [CasesService, CaseContent, CaseAudiences, AbsenceService, CaseActivityRegistry, CasesPersonalData, ActivityNotifier, CaseNotifications, DisplayNames, MeetingRooms],
  exports: [CasesService, CaseContent, CaseAudiences, AbsenceService, CaseActivityRegistry, ActivityNotifier, DisplayNames, MeetingRooms],
})
export class CasesModule {}
