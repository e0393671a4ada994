import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Principal, ResolvedCentre } from '../common/request.js';
import type { CaseSummary, CounsellorSummary } from '../contracts/cases.js';
import { Authenticated, CurrentCentre, CurrentPrincipal } from '../identity/auth/auth.decorators.js';
import { AbsenceService } from './absence.service.js';
import { CasesService } from './cases.service.js';
import { AbsenceDto, type AbsenceView, AssignDto, CreateGroupDto } from './dto.js';

@ApiTags('cases')
@Controller('api/v1/centres/:centre')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly absences: AbsenceService,
  ) {}

  @Authenticated({ roles: ['admin', 'counsellor', 'client'] })
  @Get('cases')
  @ApiOperation({ summary: 'Cases: the admin sees all (no content), a counsellor their own, a client theirs' })
  list(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal): Promise<CaseSummary[]> {
    return this.cases.list(centre, principal);
  }

  @Authenticated({ roles: ['admin', 'counsellor', 'client'] })
  @Get('cases/:caseId')
  get(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal, @Param('caseId') caseId: string): Promise<CaseSummary> {
    return this.cases.summary(centre, principal, caseId);
  }

  @Authenticated({ roles: ['admin'] })
  @Put('cases/:caseId/counsellor')
  @ApiOperation({ summary: 'Assign or reassign: the new counsellor sees only what is written from now on' })
  assign(
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
    @Param('caseId') caseId: string,
    @Body() dto: AssignDto,
  ): Promise<CaseSummary> {
    return this.cases.assign(centre, principal, caseId, dto.counsellorId);
  }

  @Authenticated({ roles: ['counsellor'] })
  @Post('groups')
  @ApiOperation({ summary: 'Form a group of several of my clients with its own thread' })
  createGroup(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal, @Body() dto: CreateGroupDto): Promise<CaseSummary> {
    return this.cases.createGroup(centre, principal, dto.title, dto.memberIds);
  }

  @Authenticated({ roles: ['admin'] })
  @Get('counsellors')
  @ApiOperation({ summary: 'Counsellors for the assignment board, with open cases and absence' })
  counsellors(@CurrentCentre() centre: ResolvedCentre): Promise<CounsellorSummary[]> {
    return this.cases.counsellors(centre);
  }

  @Authenticated({ roles: ['counsellor'] })
  @Get('absence')
  myAbsence(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal): Promise<AbsenceView> {
    return this.absences.get(centre.id, principal.id);
  }

  @Authenticated({ roles: ['counsellor'] })
  @Put('absence')
  @ApiOperation({ summary: 'Switch my absence assistant on or off' })
  setMyAbsence(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal, @Body() dto: AbsenceDto): Promise<AbsenceView> {
    return this.absences.set(centre, principal, principal.id, dto);
  }

  @Authenticated({ roles: ['admin'] })
  @Put('counsellors/:counsellorId/absence')
  @ApiOperation({ summary: 'Switch a counsellor’s absence assistant (e.g. sudden illness)' })
  setAbsence(
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
    @Param('counsellorId') counsellorId: string,
    @Body() dto: AbsenceDto,
  ): Promise<AbsenceView> {
    return this.absences.set(centre, principal, counsellorId, dto);
  }
}
